using System.Threading.Channels;
using Parley.Client.Storage;

namespace Parley.Client.Tests;

/// <summary>A real server process restarted under connected clients: they come back, or stop when coming back cannot work.</summary>
public sealed class ReconnectTests : IDisposable
{
    private static readonly ReconnectPolicy s_quick = new() { InitialDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1) };

    private readonly TempDir _dir = new("parley-reconnect");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_presence_client_logs_in_again_after_a_restart_restores_the_roster_and_messages_flow()
    {
        await using var server = await StartServerAsync("data");
        await using var alice = await ConnectAsync(server, "alice", 0, s_quick);
        await using var bob = await ConnectAsync(server, "bob", 1, s_quick);
        await using var carol = await ConnectAsync(server, "carol", 2, reconnect: null);
        await Deadline.UntilAsync(() => alice.Online.Count == 2, () => "alice sees bob and carol");

        await server.RestartAsync();

        var aliceSaw = await CollectUntilAsync(alice, e => e is ReconnectedEvent);
        await CollectUntilAsync(bob, e => e is ReconnectedEvent);
        Assert.IsType<ConnectionLostEvent>(aliceSaw.First(e => e is ConnectionLostEvent or ReconnectingEvent or ReconnectedEvent));
        Assert.Contains(aliceSaw, e => e is ReconnectingEvent { Attempt: 1 });

        // carol does not reconnect: her last event says so, and alice's restored roster lacks her.
        Assert.IsType<DisconnectedEvent>((await CollectUntilAsync(carol, e => e is DisconnectedEvent))[^1]);
        await Deadline.UntilAsync(() => alice.Online.Select(p => p.Name).SequenceEqual(["bob"]), () => "alice's roster is [bob]");
        Assert.Contains(aliceSaw, e => e is PeerLeftEvent { Name: "carol" });

        var sent = await alice.SendTextAsync("bob", "after the restart");
        Assert.Equal(SendStatus.Delivered, sent.Status);
        var received = await CollectUntilAsync(bob, e => e is MessageReceivedEvent);
        Assert.Equal("after the restart", Assert.IsType<MessageReceivedEvent>(received[^1]).Message.Text);
    }

    [Fact]
    public async Task A_refusal_that_would_repeat_ends_the_client_instead_of_looping()
    {
        // A registry where "alice" belongs to another key, made on a server of its own.
        await using (var other = await StartServerAsync("other-data"))
        {
            await using var impostor = await ConnectAsync(other, "alice", 5, reconnect: null, home: _dir.Sub("impostor"));
        }

        await using var server = await StartServerAsync("data");
        await using var alice = await ConnectAsync(server, "alice", 0, s_quick);

        // The same server (its TLS identity, so the pin holds) with the other registry.
        foreach (var file in Directory.GetFiles(Path.Combine(_dir.Sub("data"), "tls")))
        {
            File.Copy(file, Path.Combine(_dir.Sub("other-data"), "tls", Path.GetFileName(file)), overwrite: true);
        }

        await server.RestartAsync(("--data", _dir.Sub("other-data")));

        var seen = await CollectUntilAsync(alice, e => e is DisconnectedEvent);
        var last = Assert.IsType<DisconnectedEvent>(seen[^1]);
        Assert.Contains("NAME_TAKEN", last.Reason, StringComparison.Ordinal);
        Assert.IsType<ConnectionLostEvent>(seen[0]);
        await alice.Events.Completion.WaitAsync(Deadline.Default);
        await Assert.ThrowsAsync<ParleyException>(() => alice.PingAsync());
    }

    [Fact]
    public async Task Requests_while_reconnecting_fail_clearly_and_are_not_sent_later()
    {
        await using var server = await StartServerAsync("data");
        await using var alice = await ConnectAsync(server, "alice", 0, s_quick with { InitialDelay = TimeSpan.FromSeconds(30), MaxDelay = TimeSpan.FromSeconds(30) });

        await server.StopAsync();
        await CollectUntilAsync(alice, e => e is ReconnectingEvent);

        var failure = await Assert.ThrowsAsync<ParleyException>(() => alice.SendTextAsync("alice", "into the void"));
        Assert.Equal(ParleyErrorKind.Disconnected, failure.Kind);
        Assert.Contains("reconnecting", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_reconnect_the_client_holds_the_prekey_status_its_new_login_was_given()
    {
        await using var server = await StartServerAsync("data");
        await using var alice = await ConnectAsync(server, "alice", 0, s_quick, publishPrekeys: false);
        await using var aliceElsewhere = await ConnectAsync(server, "alice", 0, reconnect: null, home: _dir.Sub("home-alice-elsewhere"), publishPrekeys: false);
        using var keys = PrekeyFrames.KeysOf(TestIdentities.Get(0));
        await aliceElsewhere.UploadPrekeysAsync(new PrekeyUpload
        {
            IdentityAgreementKey = keys.SignedIdentityAgreementKey,
            SignedPrekey = keys.CurrentSignedPrekey,
            PostQuantumPrekey = keys.CurrentPostQuantumPrekey,
            OneTimePrekeys = keys.AddOneTimePrekeys(2),
        });
        Assert.False(alice.Prekeys!.Published); // an upload is not pushed to the key's other connections

        await server.RestartAsync();
        await CollectUntilAsync(alice, e => e is ReconnectedEvent);

        Assert.True(alice.Prekeys!.Published);
        Assert.Equal(2, alice.Prekeys.OneTimePrekeys);
    }

    private Task<ServerProcess> StartServerAsync(string data) =>
        ServerProcess.StartAsync(_dir.Path, "--data", _dir.Sub(data), "--videos", _dir.Sub("videos"));

    private async Task<ParleyClient> ConnectAsync(
        ServerProcess server, string name, int key, ReconnectPolicy? reconnect, string? home = null, bool publishPrekeys = true)
    {
        home ??= _dir.Sub("home-" + name);
        new IdentityStore(home).Save(IdentityName.Parse(name), TestIdentities.Get(key));
        return await ParleyClient.ConnectAsync(new ParleyClientOptions
        {
            Server = server.Address,
            Name = name,
            Home = home,
            Reconnect = reconnect,
            PublishPrekeys = publishPrekeys,
        });
    }

    private static async Task<List<ClientEvent>> CollectUntilAsync(ParleyClient client, Func<ClientEvent, bool> match)
    {
        var seen = new List<ClientEvent>();
        using var deadline = new CancellationTokenSource(Deadline.Default);
        try
        {
            while (true)
            {
                var next = await client.Events.ReadAsync(deadline.Token);
                seen.Add(next);
                if (match(next))
                {
                    return seen;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            throw new Xunit.Sdk.XunitException($"'{client.Name}': no matching event; saw: {string.Join(", ", seen)}");
        }
    }
}
