using Serilog;
using Serilog.Formatting.Compact;

namespace FitService.Api.Infrastructure;

/// <summary>
/// Console logs: Serilog's compact JSON (one object a line, with the trace id as @tr) for a log shipper in production,
/// plain text locally (Development). Every line carries the W3C trace id that problem responses carry as traceId, so an
/// operator can find the request a user reports. Set Logs:Format to json or text to choose.
/// </summary>
public static class Logs
{
    const string TextTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj} {TraceId}{NewLine}{Exception}";

    public static LoggerConfiguration WriteToConsole(this LoggerConfiguration logger, IConfiguration configuration, IHostEnvironment environment)
    {
        var format = configuration["Logs:Format"] is { Length: > 0 } f ? f : environment.IsDevelopment() ? "text" : "json";
        return format switch
        {
            "json" => logger.WriteTo.Console(new CompactJsonFormatter()),
            "text" => logger.WriteTo.Console(outputTemplate: TextTemplate, formatProvider: System.Globalization.CultureInfo.InvariantCulture),
            _ => throw new InvalidOperationException($"Logs:Format must be json or text, not '{format}'."),
        };
    }
}
