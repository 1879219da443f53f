using Parley.Client.Storage;
using Parley.Client.Tests.Support;
using Parley.Protocol.Messages;

namespace Parley.Client.Tests;

/// <summary>The background prekey refill against a fake server: after a reconnect, and against a server that keeps asking.</summary>
public sealed class PrekeyRefillTests : IDisposable
{
    private static readonly ReconnectPolicy s_quick = new() { InitialDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromMilliseconds(200) };

    private readonly TempDir _home = new("parley-client-tests-refill");
    private readonly Peer _bob = WireFrames.PeerOf("bob", TestIdentities.Get(1));

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task A_refill_asked_for_by_a_reconnects_login_is_uploaded_on_the_new_connection_once_it_is_back()
    {
        await using var fake = new FakeServer();
        var connecting = ConnectAsync(fake, s_quick);
        var first = await fake.AcceptLoginAsync(_bob); // no prekey status: nothing is published at the first login
        await using var alice = await connecting;
        first.Drop();

        // The second login says nothing is held, and the roster (the client is back only with it) comes late.
        var second = await fake.AcceptHelloAsync();
        var accepted = WireFrames.LoginAccepted((await second.ReadAsync()).Login);
        accepted.LoginAccepted.Prekeys = Empty();
        await second.SendAsync(accepted);
        await Deadline.UntilAsync(() => alice.Prekeys is { Published: false }, () => "alice took in the second login's prekey status");
        await Task.Delay(TimeSpan.FromSeconds(2)); // a slow server: the refill starts while the new connection is not attached yet
        await second.SendAsync(WireFrames.RosterPage([_bob]));

        var upload = (await second.ReadUntilAsync(ClientFrame.BodyOneofCase.UploadPrekeys)).UploadPrekeys;
        Assert.Equal(SessionStoreOptions.Default.OneTimePrekeyBatch, upload.OneTimePrekeys.Count);
        Assert.NotNull(upload.SignedPrekey);
    }

    [Fact]
    public async Task A_server_that_keeps_saying_none_are_left_is_reported_and_not_obeyed_past_the_hourly_mint()
    {
        await using var fake = new FakeServer();
        var connecting = ConnectAsync(fake, reconnect: null);
        var session = await fake.AcceptLoginAsync(_bob);
        await using var alice = await connecting;

        var oneTimeUploaded = 0;
        for (var push = 0; push < 4; push++)
        {
            await session.SendAsync(new ServerFrame { PrekeyStatus = Empty(published: true) });
            var upload = (await session.ReadUntilAsync(ClientFrame.BodyOneofCase.UploadPrekeys)).UploadPrekeys;
            oneTimeUploaded += upload.OneTimePrekeys.Count;
            await session.SendAsync(new ServerFrame
            {
                PrekeysStored = new PrekeysStored { RequestId = upload.RequestId, Code = ErrorCode.Ok, Status = Empty(published: true) },
            });
        }

        var held = await alice.NextAsync<PrekeyRefillHeldEvent>();
        Assert.Contains("none are left", held.Reason, StringComparison.Ordinal);
        Assert.Equal(SessionStoreOptions.Default.MaxOneTimePrekeysMintedPerHour, oneTimeUploaded);
    }

    private static Protocol.Messages.PrekeyStatus Empty(bool published = false) =>
        new() { Published = published, OneTimePrekeys = 0, RefillBelow = 25, MaxOneTimePrekeys = 100 };

    private Task<ParleyClient> ConnectAsync(FakeServer fake, ReconnectPolicy? reconnect)
    {
        new IdentityStore(_home.Path).Save(IdentityName.Parse("alice"), TestIdentities.Get(0));
        return ParleyClient.ConnectAsync(new ParleyClientOptions { Server = fake.Address, Name = "alice", Home = _home.Path, Reconnect = reconnect });
    }
}
