using Parley.Protocol.Messages;

namespace Parley.Server.Tests;

public sealed class RosterConsistencyTests
{
    [Fact]
    public async Task A_watcher_joining_amid_concurrent_logins_and_crashes_ends_with_the_true_roster()
    {
        // One key logs in under 20 names here: more than a key may register by default.
        await using var server = await TestServer.StartAsync(o => o with { MaxNamesPerKey = 32 });
        var key = TestIdentities.First;
        var early = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => RawClient.LoginAsync(server.Endpoint, $"early{i}", key)));
        var late = new List<RawClient>();
        await using var watcher = await RawClient.ConnectAsync(server.Endpoint);
        await using var observer = await RawClient.LoginAsync(server.Endpoint, "observer", TestIdentities.Second);
        try
        {
            var lateLogins = Task.WhenAll(Enumerable.Range(0, 10).Select(i => RawClient.LoginAsync(server.Endpoint, $"late{i}", key)));
            var watcherLogin = watcher.LoginAsync("watcher", TestIdentities.Third, presence: true);
            for (var i = 0; i < 5; i++)
            {
                early[i].Crash();
            }

            late.AddRange(await lateLogins);
            await watcherLogin;
            for (var i = 0; i < 5; i++)
            {
                await WaitUntilOfflineAsync(observer, $"early{i}");
            }

            var seen = watcher.InitialRoster.Select(p => p.Name).ToHashSet();
            await watcher.SendAsync(new ClientFrame { Ping = new Ping { Nonce = 1 } });
            while (true)
            {
                var frame = await watcher.ReceiveAsync();
                if (frame.BodyCase == ServerFrame.BodyOneofCase.Pong)
                {
                    break;
                }

                if (frame.BodyCase == ServerFrame.BodyOneofCase.PeerJoined)
                {
                    Assert.True(seen.Add(frame.PeerJoined.Peer.Name), $"joined twice: {frame.PeerJoined.Peer.Name}");
                }
                else if (frame.BodyCase == ServerFrame.BodyOneofCase.PeerLeft)
                {
                    Assert.True(seen.Remove(frame.PeerLeft.Name), $"left without having joined: {frame.PeerLeft.Name}");
                }
            }

            var expected = Enumerable.Range(5, 5).Select(i => $"early{i}")
                .Concat(Enumerable.Range(0, 10).Select(i => $"late{i}"))
                .Append("observer");
            Assert.Equal(expected.Order(), seen.Order());
        }
        finally
        {
            foreach (var client in early.Concat(late))
            {
                await client.DisposeAsync();
            }
        }
    }

    private static async Task WaitUntilOfflineAsync(RawClient observer, string name)
    {
        var deadline = DateTime.UtcNow + RawClient.DefaultTimeout;
        ulong requestId = 100;
        while (true)
        {
            await observer.SendAsync(new ClientFrame { Lookup = new LookupPeer { RequestId = ++requestId, Name = name } });
            var result = (await observer.ExpectAsync(ServerFrame.BodyOneofCase.LookupResult)).LookupResult;
            if (!result.Peer.Online)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{name} still online long after its socket closed");
            await Task.Delay(20);
        }
    }
}
