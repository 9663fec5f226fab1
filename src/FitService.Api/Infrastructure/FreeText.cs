using System.Text;

namespace FitService.Api.Infrastructure;

/// <summary>
/// Free text that people type and others read (an item's wording, a goal's description): trimmed, at most a given
/// length, without control or bidirectional-override characters (they could hide or reorder what the reader sees) and
/// without broken UTF-16 (PostgreSQL would refuse it). Line breaks only where the text may have several lines.
/// </summary>
public static class FreeText
{
    /// <summary>The trimmed text, or null: when empty (an error only if required) or refused (an error naming the field).</summary>
    public static string? Read(string? value, string field, int max, FieldErrors errors, bool required = true, bool lineBreaks = false)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            if (required) errors.Add(field, "Må fylles ut.", "Is required.");
            return null;
        }
        if (text.Length > max)
        {
            errors.Add(field, $"For lang (maks {max} tegn).", $"Too long (max {max} characters).");
            return null;
        }
        for (var i = 0; i < text.Length;)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var used) != System.Buffers.OperationStatus.Done
                || (Rune.IsControl(rune) && !(lineBreaks && rune.Value is '\n' or '\r')) || IsBidiControl(rune.Value))
            {
                if (lineBreaks) errors.Add(field, "Teksten har kontrolltegn.", "The text has control characters.");
                else errors.Add(field, "Teksten har kontrolltegn eller linjeskift.", "The text has control characters or line breaks.");
                return null;
            }
            i += used;
        }
        return text;
    }

    static bool IsBidiControl(int c) => c is 0x061C or 0x200E or 0x200F or (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069)
        or 0x2028 or 0x2029; // and the Unicode line and paragraph separators
}
