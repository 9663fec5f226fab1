namespace FitService.Statistics.Reporting;

/// <summary>
/// The noise of one published cell under the cell-key method (<see cref="CellKeyPerturbation"/>): every count and mean
/// the cell publishes takes the next draw from the cell's key and a fingerprint of its exact content, in the order they
/// are asked for. So the same cell always publishes the same numbers, and a cell whose episodes or values differ draws
/// fresh noise. Every table that publishes counts or means (the client figures, the collateral ratings) perturbs them here.
/// </summary>
/// <param name="key">The cell's key: Σ of its episodes' record keys.</param>
/// <param name="fingerprint">A hash of the cell's exact content (<see cref="CellKeyPerturbation.Fingerprint(ulong, ReadOnlySpan{long}, ReadOnlySpan{decimal})"/>).</param>
public sealed class CellNoise(CellKey key, ulong fingerprint)
{
    int next;

    /// <summary>A count as published: <see cref="CellKeyPerturbation.Count(long, double)"/> with the next draw.</summary>
    /// <param name="count">The exact count; ≥ 0.</param>
    public long Count(long count) => CellKeyPerturbation.Count(count, Draw());

    /// <summary>
    /// A mean over <paramref name="n"/> values as published: the mean plus a triangular noise on (−budget/n, budget/n);
    /// unchanged, and no draw taken, when n is 0 (an empty mean is not published).
    /// </summary>
    /// <param name="mean">The exact mean.</param>
    /// <param name="n">How many values the mean is over; ≥ 0.</param>
    /// <param name="budget">The noise bound times n (<see cref="CellKeyPerturbation.MeanBudget"/> for a mean score).</param>
    public double Mean(double mean, long n, double budget = CellKeyPerturbation.MeanBudget) => mean + Noise(budget, n);

    /// <summary>The noise alone: triangular on (−budget/n, budget/n), 0 without a draw when n is 0.</summary>
    /// <param name="budget">The noise bound times n.</param>
    /// <param name="n">How many values the statistic is over; ≥ 0.</param>
    public double Noise(double budget, long n) => n == 0 ? 0 : CellKeyPerturbation.Triangular(Draw()) * budget / n;

    double Draw() => key.Draw(fingerprint, next++);
}
