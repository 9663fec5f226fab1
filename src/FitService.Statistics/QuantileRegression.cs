using MathNet.Numerics.Statistics;

namespace FitService.Statistics;

/// <summary>A straight line in the intake score: value = Intercept + Slope · intake, in points.</summary>
/// <param name="Intercept">The value at intake 0.</param>
/// <param name="Slope">Points per point of intake.</param>
public sealed record QuantileLine(double Intercept, double Slope)
{
    /// <summary>The line's value at this intake score.</summary>
    /// <param name="intake">Intake score, in points.</param>
    public double At(double intake) => Intercept + Slope * intake;
}

/// <summary>
/// Linear quantile regression with one covariate (Koenker &amp; Bassett 1978): the line a + b·x that minimises
/// the check loss Σ ρτ(yᵢ − a − b·xᵢ), where ρτ(u) = u·(τ − 1[u &lt; 0]).
/// </summary>
public static class QuantileRegression
{
    /// <summary>The slope is searched in [−SlopeLimit, SlopeLimit] points per point of intake.</summary>
    public const double SlopeLimit = 3.0;

    /// <summary>
    /// Fits the τ-quantile line. For a fixed slope b the best intercept is an order statistic of zᵢ = yᵢ − b·xᵢ
    /// (the ⌈τn⌉-th smallest), so the loss minimised over the intercept is a convex function of b alone
    /// (a partial minimum of a jointly convex function); it is minimised by golden-section search on
    /// [−<see cref="SlopeLimit"/>, <see cref="SlopeLimit"/>] to 1e−9. When every x is equal the slope is 0 and
    /// the intercept is the τ-quantile of y. Ties in the minimiser (the loss can be flat) resolve to a point
    /// inside the flat stretch.
    /// </summary>
    /// <param name="x">Covariate (intake scores); finite; same length as <paramref name="y"/>; at least one value.</param>
    /// <param name="y">Responses (scores at one session number); finite.</param>
    /// <param name="tau">Quantile, 0 &lt; τ &lt; 1.</param>
    /// <returns>The line and its minimised check loss.</returns>
    /// <exception cref="ArgumentException">Lengths differ, the input is empty, or a value is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">τ is not in (0, 1).</exception>
    public static (QuantileLine Line, double Loss) Fit(IReadOnlyList<double> x, IReadOnlyList<double> y, double tau)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count) throw new ArgumentException("x and y must have the same length.", nameof(y));
        if (x.Count == 0) throw new ArgumentException("At least one observation is needed.", nameof(x));
        if (!(tau > 0 && tau < 1)) throw new ArgumentOutOfRangeException(nameof(tau), tau, "τ must be in (0, 1).");
        for (var i = 0; i < x.Count; i++)
            if (!double.IsFinite(x[i]) || !double.IsFinite(y[i]))
                throw new ArgumentException("Every value must be finite.", nameof(x));

        var scratch = new double[x.Count];
        var spread = x.Max() - x.Min();
        if (spread == 0)
            return Best(0);

        // Golden-section search over the slope; the loss is convex in b.
        double lo = -SlopeLimit, hi = SlopeLimit;
        var ratio = (Math.Sqrt(5) - 1) / 2;
        double b1 = hi - ratio * (hi - lo), b2 = lo + ratio * (hi - lo);
        double f1 = Best(b1).Loss, f2 = Best(b2).Loss;
        while (hi - lo > 1e-9)
        {
            if (f1 <= f2)
            {
                hi = b2; b2 = b1; f2 = f1;
                b1 = hi - ratio * (hi - lo); f1 = Best(b1).Loss;
            }
            else
            {
                lo = b1; b1 = b2; f1 = f2;
                b2 = lo + ratio * (hi - lo); f2 = Best(b2).Loss;
            }
        }
        return Best((lo + hi) / 2);

        (QuantileLine Line, double Loss) Best(double slope)
        {
            for (var i = 0; i < scratch.Length; i++) scratch[i] = y[i] - slope * x[i];
            var order = Math.Max(1, (int)Math.Ceiling(tau * scratch.Length));
            var intercept = ArrayStatistics.OrderStatisticInplace(scratch, order);
            return (new QuantileLine(intercept, slope), CheckLoss(x, y, intercept, slope, tau));
        }
    }

    /// <summary>Σ ρτ(yᵢ − a − b·xᵢ) with ρτ(u) = u·(τ − 1[u &lt; 0]); 0 for empty input.</summary>
    /// <param name="x">Covariate values.</param>
    /// <param name="y">Responses, same length as <paramref name="x"/>.</param>
    /// <param name="intercept">a.</param>
    /// <param name="slope">b.</param>
    /// <param name="tau">Quantile τ.</param>
    public static double CheckLoss(IReadOnlyList<double> x, IReadOnlyList<double> y, double intercept, double slope, double tau)
    {
        var loss = 0.0;
        for (var i = 0; i < x.Count; i++)
        {
            var u = y[i] - intercept - slope * x[i];
            loss += u >= 0 ? tau * u : (tau - 1) * u;
        }
        return loss;
    }
}
