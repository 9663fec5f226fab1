using System.Security.Cryptography;
using System.Text;

namespace FitService.Api.ClientRatings;

/// <summary>
/// A link's code: 32 random bytes (256 bits) from the operating system's generator, base64url without padding
/// (43 characters, safe in a path or a fragment). Only its SHA-256 is stored; a code is looked up by that hash.
/// </summary>
public static class ClientLinkCode
{
    public const int Bytes = 32;

    public static string New() => Base64Url(RandomNumberGenerator.GetBytes(Bytes));

    public static byte[] Hash(string code) => SHA256.HashData(Encoding.UTF8.GetBytes(code));

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>
/// The request log's properties (Serilog's four), with a link's code in the path replaced by "{code}": a code in a
/// log file would work for anyone who reads it until the link expires.
/// </summary>
public static class RequestLogWithoutCodes
{
    const string Prefix = "/api/v1/client-ratings/";

    public static IEnumerable<Serilog.Events.LogEventProperty> Properties(HttpContext http, string path, double elapsed, int status) =>
    [
        new("RequestMethod", new Serilog.Events.ScalarValue(http.Request.Method)),
        new("RequestPath", new Serilog.Events.ScalarValue(path.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? Prefix + "{code}" : path)),
        new("StatusCode", new Serilog.Events.ScalarValue(status)),
        new("Elapsed", new Serilog.Events.ScalarValue(elapsed)),
    ];
}
