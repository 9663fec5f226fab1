namespace FitService.Statistics.Reporting;

/// <summary>
/// The key of a published cell in the cell-key method (Fraser &amp; Wooton 2005, "A proposed method for confidentialising
/// tabular output to protect against differencing", ABS; Thompson, Broadfoot &amp; Elazar 2013): every episode holds a
/// fixed random 64-bit record key (stored, never published), and a cell's key is the sum of the record keys of its
/// episodes modulo 2^64. The same episodes always give the same key, so asking again gives the same noise; a set that
/// differs by one episode gets a key that differs by that episode's (uniform, secret) record key, so the two noises are
/// unrelated and their difference is noise, not the episode's value. Keys of disjoint groups add up (margins).
/// </summary>
/// <param name="Value">Σ record keys mod 2^64.</param>
public readonly record struct CellKey(ulong Value)
{
    /// <summary>The key of a set of episodes from their record keys (two's-complement 64-bit, as PostgreSQL's bigint).</summary>
    /// <param name="recordKeys">The episodes' record keys; empty gives key 0.</param>
    public static CellKey Of(IEnumerable<long> recordKeys)
    {
        ArgumentNullException.ThrowIfNull(recordKeys);
        ulong sum = 0;
        foreach (var k in recordKeys) sum = unchecked(sum + (ulong)k);
        return new CellKey(sum);
    }

    /// <summary>The key of a sum of record keys as SQL returns it (a numeric, any sign, any size): the sum mod 2^64.</summary>
    /// <param name="sum">Σ record keys, exact.</param>
    public static CellKey FromSum(decimal sum)
    {
        var r = decimal.Remainder(sum, TwoTo64);
        if (r < 0) r += TwoTo64;
        return new CellKey((ulong)r);
    }

    /// <summary>The key of the union of two disjoint sets.</summary>
    /// <param name="other">The other set's key.</param>
    public CellKey Plus(CellKey other) => new(unchecked(Value + other.Value));

    const decimal TwoTo64 = 18446744073709551616m;

    /// <summary>
    /// A number in (0, 1), a fixed function of the key, the cell's content and the statistic: uniform because the key is.
    /// The content <paramref name="fingerprint"/> makes a cell whose episodes stay the same but whose values change (one
    /// new session) draw fresh noise for every number, so "before minus after" is noise too.
    /// </summary>
    /// <param name="fingerprint">Hash of the cell's exact sufficient statistics.</param>
    /// <param name="statistic">Which number of the cell the draw is for.</param>
    public double Draw(ulong fingerprint, int statistic)
    {
        var h = Mix(Value ^ Mix(fingerprint + (ulong)(statistic + 1) * 0x9E3779B97F4A7C15UL));
        return ((h >> 11) + 0.5) * (1.0 / (1UL << 53));
    }

    /// <summary>The SplitMix64 finaliser (Steele, Lea &amp; Flood 2014): a bijection of 64-bit words that mixes every bit.</summary>
    /// <param name="z">Any word.</param>
    public static ulong Mix(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
