using System.Collections.Concurrent;
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

    /// <summary>
    /// Keeps one logger per category. Serilog's logger factory (registered by UseSerilog) builds a new logger, with its
    /// own event-id cache and a Serilog logger for its source context, on every CreateLogger call, and ASP.NET asks for
    /// one on every request (each authentication handler, each built-in result it executes); Microsoft's own factory
    /// keeps them per category, as this does. Call it after UseSerilog.
    /// </summary>
    public static IServiceCollection CacheLoggersByCategory(this IServiceCollection services)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(ILoggerFactory))
            ?? throw new InvalidOperationException("No ILoggerFactory registered: call UseSerilog first.");
        services.Remove(registered);
        services.AddSingleton<ILoggerFactory>(provider => new CachingLoggerFactory(registered switch
        {
            { ImplementationInstance: ILoggerFactory instance } => instance,
            { ImplementationFactory: { } factory } => (ILoggerFactory)factory(provider),
            _ => (ILoggerFactory)ActivatorUtilities.CreateInstance(provider, registered.ImplementationType!),
        }));
        return services;
    }

    sealed class CachingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
    {
        readonly ConcurrentDictionary<string, Microsoft.Extensions.Logging.ILogger> loggers = new(StringComparer.Ordinal);

        public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => loggers.GetOrAdd(categoryName, inner.CreateLogger);

        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

        public void Dispose() => inner.Dispose();
    }
}
