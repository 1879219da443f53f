namespace Parley.Client.Tests.Support;

/// <summary>Waiting for client events, with a generous bound so a broken client fails instead of hanging.</summary>
internal static class EventReading
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <summary>Every event up to and including the first that matches.</summary>
    public static async Task<List<ClientEvent>> CollectUntilAsync(this ParleyClient client, Func<ClientEvent, bool> match)
    {
        var seen = new List<ClientEvent>();
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            while (true)
            {
                var next = await client.Events.ReadAsync(cts.Token);
                seen.Add(next);
                if (match(next))
                {
                    return seen;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException(
                $"'{client.Name}': no matching event within {Timeout.TotalSeconds} s; saw: {string.Join(", ", seen)}");
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            throw new Xunit.Sdk.XunitException($"'{client.Name}': the event channel ended; saw: {string.Join(", ", seen)}");
        }
    }

    /// <summary>The first event of type <typeparamref name="T"/> that matches; others are skipped.</summary>
    public static async Task<T> NextAsync<T>(this ParleyClient client, Func<T, bool>? match = null)
        where T : ClientEvent
    {
        var seen = await client.CollectUntilAsync(e => e is T t && (match is null || match(t)));
        return (T)seen[^1];
    }

    public static Task<MessageReceivedEvent> NextMessageAsync(this ParleyClient client, string text) =>
        client.NextAsync<MessageReceivedEvent>(m => m.Message.Text == text);
}
