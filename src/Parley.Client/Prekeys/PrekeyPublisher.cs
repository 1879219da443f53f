using Parley.Client.Storage;

namespace Parley.Client.Prekeys;

/// <summary>
/// Keeps this identity's prekeys on the server stocked: given what the server says it holds, asks the session store
/// what to publish (new or rotated signed keys, one-time prekeys to refill) and uploads it. One upload at a time.
/// </summary>
internal sealed class PrekeyPublisher(PrekeyExchange exchange, SessionStore store) : IAsyncDisposable
{
    private readonly SemaphoreSlim _one = new(1, 1);
    private Task _background = Task.CompletedTask;

    /// <summary>Uploads what the store plans for <paramref name="status"/>; nothing when the server is stocked.</summary>
    /// <exception cref="ParleyException">The server refused the upload, or the connection closed.</exception>
    public async Task PublishAsync(PrekeyStatus status, CancellationToken ct)
    {
        await _one.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var plan = store.PlanUpload(status);
            if (plan.IsEmpty)
            {
                return;
            }

            await exchange.UploadAsync(plan, ct).ConfigureAwait(false);
            store.MarkUploaded(plan);
        }
        finally
        {
            _one.Release();
        }
    }

    /// <summary>A refill in the background (a pushed status, a reconnect): a failure waits for the next status or login.</summary>
    public void PublishInBackground(PrekeyStatus status, CancellationToken ct)
    {
        var previous = _background;
        _background = Task.Run(
            async () =>
            {
                await previous.ConfigureAwait(false);
                try
                {
                    await PublishAsync(status, ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is ParleyException or OperationCanceledException or ObjectDisposedException
                    or Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
                {
                    // Tried again at the next login or push.
                }
            },
            CancellationToken.None);
    }

    /// <summary>Waits for a background refill to end (the connection's end cancels it), so the store outlives it.</summary>
    public async ValueTask DisposeAsync()
    {
        await _background.ConfigureAwait(false);
        _one.Dispose();
    }
}
