using Parley.Client.Storage;
using Parley.Client.Tests.Support;
using Parley.Crypto.Sessions;

namespace Parley.Client.Tests;

/// <summary>SessionStore.PlanUpload: what to publish given the server's PrekeyStatus, and prekey rotation.</summary>
public sealed class SessionPrekeyUploadTests : IDisposable
{
    private static readonly PrekeyStatus Nothing = new(Published: false, OneTimePrekeys: 0, SignedPrekeyCreatedAt: null, RefillBelow: 20, MaxOneTimePrekeys: 100);

    private readonly TempDir _root = new("parley-sessions");
    private readonly SessionParty _bob;

    public SessionPrekeyUploadTests()
    {
        _bob = new SessionParty(_root, "bob", 1);
    }

    [Fact]
    public void A_new_store_publishes_everything_and_replaces_what_the_server_held()
    {
        var upload = _bob.Store.PlanUpload(Nothing);

        Assert.NotNull(upload.IdentityAgreementKey);
        Assert.NotNull(upload.SignedPrekey);
        Assert.NotNull(upload.PostQuantumPrekey);
        Assert.True(upload.ReplaceOneTimePrekeys);
        Assert.Equal(100, upload.OneTimePrekeys.Count);
        Assert.Equal(100, upload.OneTimePrekeys.Select(k => k.Id).Distinct().Count());
        Assert.True(upload.SignedPrekey!.IsSignedBy(_bob.Key, PrekeyKind.SignedPrekey));
        Assert.True(upload.PostQuantumPrekey!.IsSignedBy(_bob.Key, PrekeyKind.PostQuantumPrekey));
        Assert.True(upload.IdentityAgreementKey!.IsSignedBy(_bob.Key, PrekeyKind.IdentityAgreement));
    }

    [Fact]
    public void A_refused_upload_is_offered_again_and_a_stored_one_is_not()
    {
        var failed = _bob.Store.PlanUpload(Nothing);
        _bob.Store.MarkRefused(failed);
        var retry = _bob.Store.PlanUpload(Nothing);
        Assert.Equal(failed.OneTimePrekeys.Select(k => k.Id).Order(), retry.OneTimePrekeys.Select(k => k.Id).Order());

        _bob.Store.MarkUploaded(retry);
        var stored = Status(left: 100, retry.SignedPrekey!.CreatedAtMs);
        var none = _bob.Store.PlanUpload(stored);
        Assert.True(none.IsEmpty);
        Assert.Equal(100, _bob.Store.OneTimePrekeyCount());
    }

    [Fact]
    public void A_refused_replace_after_a_lost_answer_is_planned_as_a_replace_again()
    {
        var first = _bob.Store.PlanUpload(Nothing);
        _bob.Store.MarkUploaded(first);
        var signedAt = first.SignedPrekey!.CreatedAtMs;
        var lost = _bob.Store.PlanUpload(Status(left: 0, signedAt)); // sent; the connection dropped before the answer
        var replace = _bob.Store.PlanUpload(Status(left: 0, signedAt));
        Assert.True(replace.ReplaceOneTimePrekeys);

        _bob.Store.MarkRefused(replace); // e.g. RATE_LIMITED: the server dropped nothing and may still hold the lost ids

        var again = _bob.Store.PlanUpload(Status(left: 0, signedAt));
        Assert.True(again.ReplaceOneTimePrekeys);
        Assert.Equal(lost.OneTimePrekeys.Select(k => k.Id).Order(), again.OneTimePrekeys.Select(k => k.Id).Order());
    }

    [Fact]
    public void An_upload_whose_answer_was_lost_is_offered_again_replacing_what_the_server_holds()
    {
        var first = _bob.Store.PlanUpload(Nothing);
        _bob.Store.MarkUploaded(first);
        var signedAt = first.SignedPrekey!.CreatedAtMs;
        var lost = _bob.Store.PlanUpload(Status(left: 0, signedAt)); // sent; the connection dropped before the answer

        var next = _bob.Store.PlanUpload(Status(left: 0, signedAt));

        // The server may hold the lost upload's ids: adding them again would be refused as duplicates forever.
        Assert.True(next.ReplaceOneTimePrekeys);
        Assert.Equal(lost.OneTimePrekeys.Select(k => k.Id).Order(), next.OneTimePrekeys.Select(k => k.Id).Order());
        _bob.Store.MarkUploaded(next);
        Assert.False(_bob.Store.PlanUpload(Status(left: 0, signedAt)).ReplaceOneTimePrekeys);

        // A peer handed one of the lost upload's keys before the replace still opens its first message.
        using var alice = new SessionParty(_root, "alice", 0);
        using var viaLost = PrekeyBundleVerifier.Verify(_bob.Store.CurrentBundle(withOneTimePrekey: false) with { OneTimePrekey = lost.OneTimePrekeys[0] }, _bob.Key);
        Assert.Equal("hi", _bob.Read(alice, alice.Sealer.Seal(_bob.Key, alice.NamesTo(_bob), SessionParty.Content("hi"), viaLost)));
    }

    [Fact]
    public void A_server_that_keeps_saying_none_are_left_gets_at_most_the_hourly_mint_and_the_store_stays_bounded()
    {
        var first = _bob.Store.PlanUpload(Nothing);
        _bob.Store.MarkUploaded(first);
        var signedAt = first.SignedPrekey!.CreatedAtMs;

        var minted = 0;
        string? held = null;
        for (var push = 0; push < 10; push++)
        {
            var refill = _bob.Store.PlanUpload(Status(left: 0, signedAt), out var why);
            held ??= why;
            minted += refill.OneTimePrekeys.Count;
            _bob.Store.MarkUploaded(refill);
        }

        Assert.Equal(SessionStoreOptions.Default.MaxOneTimePrekeysMintedPerHour - 100, minted);
        Assert.NotNull(held);
        Assert.Contains("at most 200", held, StringComparison.Ordinal);

        for (var hour = 0; hour < 6; hour++)
        {
            _bob.Time.Advance(TimeSpan.FromHours(1));
            for (var push = 0; push < 3; push++)
            {
                _bob.Store.MarkUploaded(_bob.Store.PlanUpload(Status(left: 0, signedAt)));
            }
        }

        Assert.Equal(SessionStoreOptions.Default.MaxHeldOneTimePrekeys, _bob.Store.OneTimePrekeyCount());
    }

    [Fact]
    public void One_time_prekeys_are_refilled_to_the_servers_maximum_once_below_its_mark()
    {
        var first = _bob.Store.PlanUpload(Nothing);
        _bob.Store.MarkUploaded(first);

        Assert.Empty(_bob.Store.PlanUpload(Status(left: 20, first.SignedPrekey!.CreatedAtMs)).OneTimePrekeys);
        var refill = _bob.Store.PlanUpload(Status(left: 19, first.SignedPrekey.CreatedAtMs));
        Assert.Equal(81, refill.OneTimePrekeys.Count);
        Assert.False(refill.ReplaceOneTimePrekeys);
        Assert.Null(refill.SignedPrekey);
        Assert.Empty(refill.OneTimePrekeys.Select(k => k.Id).Intersect(first.OneTimePrekeys.Select(k => k.Id)));
    }

    [Fact]
    public void Signed_prekeys_rotate_after_the_period_and_the_old_one_opens_first_messages_for_the_grace()
    {
        using var alice = new SessionParty(_root, "alice", 0);
        var first = _bob.Store.PlanUpload(Nothing);
        _bob.Store.MarkUploaded(first);
        using var oldBundle = _bob.Bundle();
        var early = alice.Sealer.Seal(_bob.Key, alice.NamesTo(_bob), SessionParty.Content("sent with the old bundle"), oldBundle);

        _bob.Time.Advance(TimeSpan.FromDays(7));
        var rotated = _bob.Store.PlanUpload(Status(left: 100, first.SignedPrekey!.CreatedAtMs));
        Assert.NotNull(rotated.SignedPrekey);
        Assert.NotNull(rotated.PostQuantumPrekey);
        Assert.NotEqual(first.SignedPrekey.Id, rotated.SignedPrekey!.Id);
        Assert.True(rotated.SignedPrekey.CreatedAtMs > first.SignedPrekey.CreatedAtMs);

        _bob.Time.Advance(TimeSpan.FromDays(13));
        _bob.Store.PlanUpload(Status(left: 100, rotated.SignedPrekey.CreatedAtMs));
        Assert.Equal("sent with the old bundle", _bob.Read(alice, early));
    }

    [Fact]
    public void A_prekey_retired_longer_than_the_grace_is_forgotten()
    {
        using var alice = new SessionParty(_root, "alice", 0);
        var first = _bob.Store.PlanUpload(Nothing);
        _bob.Store.MarkUploaded(first);
        using var oldBundle = _bob.Bundle();
        var late = alice.Sealer.Seal(_bob.Key, alice.NamesTo(_bob), SessionParty.Content("too late"), oldBundle);

        _bob.Time.Advance(TimeSpan.FromDays(7));
        var rotated = _bob.Store.PlanUpload(Status(left: 100, first.SignedPrekey!.CreatedAtMs));
        _bob.Time.Advance(TimeSpan.FromDays(14));
        _bob.Store.PlanUpload(Status(left: 100, rotated.SignedPrekey!.CreatedAtMs));

        Assert.Equal(SessionOpenStatus.UnknownSession, _bob.Receive(alice, late).Status);
    }

    [Fact]
    public void A_bundle_whose_signed_prekey_is_older_than_rotation_and_grace_is_refused()
    {
        using var alice = new SessionParty(_root, "alice", 0);
        using var old = _bob.Bundle();
        alice.Time.Advance(SessionSealer.DefaultMaxSignedPrekeyAge + TimeSpan.FromMinutes(1));

        var refused = Assert.Throws<SessionRejectedException>(() => alice.Sealer.Seal(_bob.Key, alice.NamesTo(_bob), SessionParty.Content("hi"), old));
        Assert.Equal(SessionRejection.StalePrekey, refused.Reason);
        Assert.False(alice.Sealer.HasSession(_bob.Key));
    }

    [Fact]
    public void The_servers_prekey_status_frame_reads_as_the_plans_input()
    {
        var frame = new Protocol.Messages.PrekeyStatus { Published = true, OneTimePrekeys = 7, SignedPrekeyCreatedAtMs = 42, RefillBelow = 20, MaxOneTimePrekeys = 100 };
        Assert.Equal(new PrekeyStatus(true, 7, DateTimeOffset.FromUnixTimeMilliseconds(42), 20, 100), PrekeyStatus.From(frame));
    }

    private static PrekeyStatus Status(int left, long signedPrekeyCreatedAtMs) =>
        new(Published: true, OneTimePrekeys: left, SignedPrekeyCreatedAt: DateTimeOffset.FromUnixTimeMilliseconds(signedPrekeyCreatedAtMs), RefillBelow: 20, MaxOneTimePrekeys: 100);

    public void Dispose()
    {
        _bob.Dispose();
        _root.Dispose();
    }
}
