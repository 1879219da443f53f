using Parley.Client.Connection;
using Parley.Client.Storage;

namespace Parley.Client.Prekeys;

/// <summary>
/// Keeps this identity's prekeys on the server stocked: given what the server says it holds, asks the session store
/// what to publish (new or rotated signed keys, one-time prekeys to refill) and uploads it. One upload at a time.
/// </summary>
internal sealed class PrekeyPublisher(
    PrekeyExchange exchange, SessionStore store, IReconnectingChannel connection, Action<ClientEvent> emit, ClientMetrics metrics)
    : IAsyncDisposable
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
            var plan = store.PlanUpload(status, out var held);
            if (held is not null)
            {
                metrics.PrekeyRefillHeld();
                emit(new PrekeyRefillHeldEvent(held));
            }

            if (plan.IsEmpty)
            {
                return;
            }

            try
            {
                await exchange.UploadAsync(plan, ct).ConfigureAwait(false);
            }
            catch (ParleyException ex) when (ex.ServerCode is not null)
            {
                // The server answered: nothing was stored, so the same keys may be offered again. Any other failure
                // (the answer lost with the connection) leaves them "maybe stored", and the next plan starts afresh.
                store.MarkRefused(plan);
                throw;
            }

            store.MarkUploaded(plan);
        }
        finally
        {
            _one.Release();
        }
    }

    /// <summary>
    /// A refill in the background (a pushed status, a reconnect's login). A reconnect's login reports its status before
    /// the new connection is attached: a refill that finds the client reconnecting waits for the new connection and
    /// then plans from what the server said last. Any other failure waits for the next status or login.
    /// </summary>
    public void PublishInBackground(PrekeyStatus status, CancellationToken ct)
    {
        var previous = _background;
        _background = Task.Run(
            async () =>
            {
                await previous.ConfigureAwait(false);
                try
                {
                    var generation = connection.Generation;
                    try
                    {
                        await PublishAsync(exchange.Status ?? status, ct).ConfigureAwait(false);
                        return;
                    }
                    catch (ParleyException ex) when (ex.Kind == ParleyErrorKind.Disconnected)
                    {
                        // Not attached yet (or lost again): wait for the connection that comes next.
                    }

                    if (await connection.WaitForReconnectAsync(generation, ct).ConfigureAwait(false))
                    {
                        await PublishAsync(exchange.Status ?? status, ct).ConfigureAwait(false);
                    }
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
