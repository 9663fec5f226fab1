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
