namespace FitService.Api.Health;

/// <summary>
/// Whether the schema is in place: set once every migration is applied (by this process, or by a separate
/// --migrate-only job whose journal this process has read). Until then the API answers 503.
/// </summary>
public sealed class Readiness
{
    readonly TaskCompletionSource migrated = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool Migrated => migrated.Task.IsCompleted;

    /// <summary>Completes when the schema is ready; tests and start-up steps wait on it.</summary>
    public Task WhenMigrated => migrated.Task;

    /// <summary>Why the schema is not ready yet (for the log and /health/ready), without connection details.</summary>
    public string NotReadyBecause { get; private set; } = "migrations not applied yet";

    public void Waiting(string reason) => NotReadyBecause = reason;

    public void MarkMigrated() => migrated.TrySetResult();
}
