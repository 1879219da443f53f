using System.Globalization;
using Parley.Client.Storage;
using Parley.Client.Tests.Support;
using Parley.Crypto.Envelope;
using Parley.Crypto.Sessions;

namespace Parley.Client.Tests;

/// <summary>
/// Two writers on one home at once (a chat window and a script) never fork a session: every message they
/// seal opens at the peer and no ratchet counter repeats.
/// </summary>
public sealed class SessionTwoProcessesTests : IDisposable
{
    private const int PerWriter = 25;

    private readonly TempDir _root = new("parley-sessions");
    private readonly SessionParty _alice;
    private readonly SessionParty _bob;

    public SessionTwoProcessesTests()
    {
        _alice = new SessionParty(_root, "alice", 0);
        _bob = new SessionParty(_root, "bob", 1);
        _bob.Read(_alice, _alice.Send(_bob, "hello"));
        _alice.Read(_bob, _bob.Send(_alice, "hello back"));
    }

    [Fact]
    public async Task Two_processes_sealing_on_one_home_at_once_never_fork_the_session()
    {
        var helper = typeof(HelperProgram).Assembly.Location;
        var runs = await Task.WhenAll(
            ProcessRunner.RunAsync("dotnet", Arguments(helper, "one")),
            ProcessRunner.RunAsync("dotnet", Arguments(helper, "two")));
        foreach (var run in runs)
        {
            Assert.True(run.ExitCode == 0, run.ToString());
        }

        AssertAllOpenWithoutRepeats(runs.SelectMany(r => r.Stdout).Select(Convert.FromBase64String).ToList());
    }

    [Fact]
    public async Task Two_connections_on_threads_sealing_on_one_home_at_once_never_fork_the_session()
    {
        var envelopes = await Task.WhenAll(
            Task.Run(() => SealOnOwnConnection("one")),
            Task.Run(() => SealOnOwnConnection("two")));

        AssertAllOpenWithoutRepeats([.. envelopes.SelectMany(e => e)]);
    }

    private List<byte[]> SealOnOwnConnection(string label)
    {
        using var store = SessionStore.Open(_alice.DbPath, _alice.Identity);
        var sealer = new SessionSealer(store);
        return [.. Enumerable.Range(0, PerWriter).Select(i => sealer.Seal(_bob.Key, _alice.NamesTo(_bob), SessionParty.Content($"{label} {i}")).Envelope)];
    }

    private string[] Arguments(string helper, string label) =>
    [
        helper, HelperProgram.SessionWriter, _alice.DbPath,
        _alice.Name, _alice.KeyIndex.ToString(CultureInfo.InvariantCulture), _bob.Name, _bob.KeyIndex.ToString(CultureInfo.InvariantCulture),
        PerWriter.ToString(CultureInfo.InvariantCulture), label,
    ];

    private void AssertAllOpenWithoutRepeats(List<byte[]> envelopes)
    {
        Assert.Equal(2 * PerWriter, envelopes.Count);
        var numbers = envelopes
            .Select(e => RatchetHeader.Decode(SessionMessage.Parser.ParseFrom(e).Ratchet.Span, out _))
            .Select(h => (Convert.ToHexString(h.RatchetKey), h.MessageNumber))
            .ToList();
        Assert.Equal(numbers.Count, numbers.Distinct().Count());

        var texts = envelopes.Select(e =>
        {
            var opened = _bob.Receive(_alice, e);
            Assert.Equal(SessionOpenStatus.Opened, opened.Status);
            return opened.Content!.Text;
        }).ToHashSet();
        Assert.Equal(2 * PerWriter, texts.Count);
    }

    public void Dispose()
    {
        _alice.Dispose();
        _bob.Dispose();
        _root.Dispose();
    }
}
