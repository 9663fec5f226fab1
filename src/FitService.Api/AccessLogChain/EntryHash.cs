using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FitService.Api.AccessLogChain;

/// <summary>An access-log entry as the chain sees it: every hashed field, and the stored links.</summary>
public sealed record ChainEntry(long Id, Guid ClientId, long ClientSeq, long AtMicros, string Actor, string Role, string Action,
    Guid? EpisodeId, string? RequestId, byte[]? PreviousHash, byte[] Hash);

/// <summary>
/// The entry's hash, computed here independently of the database's access_log_entry_hash (migration 0041), so a
/// changed function in the database cannot make a changed entry verify: SHA-256 over "fitservice-access-log-v1"
/// and each field as '-' (null) or its UTF-8 length, ':' and the value; the previous hash as lower-case hex.
/// </summary>
public static class EntryHash
{
    const string Version = "fitservice-access-log-v1";

    public static byte[] Compute(ChainEntry entry)
    {
        var text = new StringBuilder(Version);
        Field(text, entry.Id.ToString(CultureInfo.InvariantCulture));
        Field(text, entry.ClientSeq.ToString(CultureInfo.InvariantCulture));
        Field(text, entry.AtMicros.ToString(CultureInfo.InvariantCulture));
        Field(text, entry.Actor);
        Field(text, entry.Role);
        Field(text, entry.Action);
        Field(text, entry.ClientId.ToString("D"));
        Field(text, entry.EpisodeId?.ToString("D"));
        Field(text, entry.RequestId);
        Field(text, entry.PreviousHash is null ? null : Convert.ToHexStringLower(entry.PreviousHash));
        return SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
    }

    static void Field(StringBuilder text, string? value)
    {
        if (value is null) text.Append('-');
        else text.Append(Encoding.UTF8.GetByteCount(value)).Append(':').Append(value);
    }
}
