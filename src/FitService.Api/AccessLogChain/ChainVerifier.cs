namespace FitService.Api.AccessLogChain;

public sealed record BrokenEntry(long Id, Guid ClientId, long Sequence, string Reason);
public sealed record ChainHead(Guid ClientId, long Sequence, long Id, string Hash);

/// <summary>
/// Walks the entries ordered by client and position, and keeps each chain's first break and its head.
/// An entry breaks its chain when its own fields do not give its hash (it was changed), when its position does not
/// follow the entry before it (an entry before it is missing), or when its link is not that entry's hash
/// (an entry before it was replaced). Only the first break per chain counts: the entries after it are judged by it.
/// </summary>
public sealed class ChainVerifier
{
    public const string Changed = "changed";
    public const string EntryMissingBefore = "entryMissingBefore";
    public const string LinkBroken = "linkBroken";

    readonly List<BrokenEntry> broken = [];
    readonly List<ChainHead> heads = [];
    ChainEntry? previous;
    bool chainBroken;

    public long Entries { get; private set; }
    public IReadOnlyList<ChainHead> Heads => heads;

    /// <summary>Broken chains, earliest written break first.</summary>
    public IReadOnlyList<BrokenEntry> Broken => broken.OrderBy(b => b.Id).ToList();

    public void Add(ChainEntry entry)
    {
        Entries++;
        var sameChain = previous?.ClientId == entry.ClientId;
        if (!sameChain)
        {
            previous = null;
            chainBroken = false;
        }
        var reason = Check(entry, previous);
        if (reason is not null && !chainBroken)
        {
            broken.Add(new BrokenEntry(entry.Id, entry.ClientId, entry.ClientSeq, reason));
            chainBroken = true;
        }
        if (sameChain) heads[^1] = Head(entry);
        else heads.Add(Head(entry));
        previous = entry;
    }

    static string? Check(ChainEntry entry, ChainEntry? before)
    {
        if (entry.ClientSeq != (before?.ClientSeq ?? 0) + 1) return EntryMissingBefore;
        if (!Same(entry.PreviousHash, before?.Hash)) return LinkBroken;
        if (!Same(entry.Hash, EntryHash.Compute(entry))) return Changed;
        return null;
    }

    static bool Same(byte[]? a, byte[]? b) => a is null || b is null ? a is null && b is null : a.AsSpan().SequenceEqual(b);

    static ChainHead Head(ChainEntry entry) => new(entry.ClientId, entry.ClientSeq, entry.Id, Convert.ToHexStringLower(entry.Hash));
}
