using QRCoder;

namespace FitService.Api.ClientRatings;

/// <summary>A link's url as a QR code (QRCoder, MIT), rendered here as SVG so the page needs no script library for it.</summary>
public static class LinkQrCode
{
    public static string DataUrl(string url)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(6);
        return "data:image/svg+xml;base64," + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(svg));
    }
}
