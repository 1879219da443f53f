using Parley.Client.Tests.Support;
using Parley.Protocol.Messages;

namespace Parley.Client.Tests;

/// <summary>
/// A client asks the server about a name only for what it lacks: while a lookup of a name is on its
/// way, every other need of that name's key (more sends, a delivery from it) waits for that answer
/// instead of asking again. The lookup frames are counted at a proxy that holds the answers back.
/// </summary>
public sealed class SharedLookupTests
{
    [Fact]
    public async Task Sends_to_one_name_while_its_lookup_is_on_its_way_share_that_one_lookup()
    {
        await using var bed = await TestBed.StartAsync();
        var bob = await bed.ConnectAsync("bob", presence: false);
        using var answers = new ManualResetEventSlim();
        await using var proxy = new FrameProxy(bed.Server.Port, bed.Server.Certificate) { ToClient = HoldLookupAnswers(answers) };
        var alice = await bed.ConnectAsync("alice", presence: false, server: proxy.Address);

        var sends = Enumerable.Range(1, 3).Select(i => alice.SendTextAsync("bob", $"message {i}")).ToList();
        answers.Set();
        var outcomes = await Task.WhenAll(sends);

        Assert.All(outcomes, outcome => Assert.True(outcome.Delivered, outcome.Detail));
        Assert.Equal(1, LookupsSentBy(proxy));
        await bob.NextMessageAsync("message 3");
    }

    [Fact]
    public async Task A_reply_to_a_new_sender_whose_key_is_being_looked_up_for_its_message_shares_that_lookup()
    {
        await using var bed = await TestBed.StartAsync();
        var carol = await bed.ConnectAsync("carol", presence: false);
        using var answers = new ManualResetEventSlim();
        await using var proxy = new FrameProxy(bed.Server.Port, bed.Server.Certificate) { ToClient = HoldLookupAnswers(answers) };
        var alice = await bed.ConnectAsync("alice", presence: false, server: proxy.Address);

        Assert.True((await carol.SendTextAsync("alice", "hello alice")).Delivered);
        await WaitUntilAsync(() => LookupsSentBy(proxy) == 1);
        var reply = alice.SendTextAsync("carol", "hello carol");
        answers.Set();

        Assert.True((await reply).Delivered);
        Assert.Equal("hello alice", (await alice.NextMessageAsync("hello alice")).Message.Text);
        Assert.Equal(1, LookupsSentBy(proxy));
        await carol.NextMessageAsync("hello carol");
    }

    /// <summary>Lookup answers wait until <paramref name="release"/> is set (the frames after them wait too).</summary>
    private static Func<ServerFrame, ServerFrame> HoldLookupAnswers(ManualResetEventSlim release) => frame =>
    {
        if (frame.BodyCase == ServerFrame.BodyOneofCase.LookupResult && !release.Wait(EventReading.Timeout))
        {
            throw new TimeoutException("the test never released the lookup answers");
        }

        return frame;
    };

    private static int LookupsSentBy(FrameProxy proxy) =>
        proxy.ForwardedFromClients()[^1].Count(f => f.BodyCase == ClientFrame.BodyOneofCase.Lookup);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var bound = new CancellationTokenSource(EventReading.Timeout);
        while (!condition())
        {
            await Task.Delay(10, bound.Token);
        }
    }
}
