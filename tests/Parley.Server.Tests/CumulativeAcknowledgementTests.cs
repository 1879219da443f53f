using Google.Protobuf;
using Parley.Protocol;
using Parley.Protocol.Messages;

namespace Parley.Server.Tests;

/// <summary>Protocol v3 §12.3: plainly delivered sends are answered by one SendAcks per read turn, errors by their own SendResult first.</summary>
public sealed class CumulativeAcknowledgementTests
{
    private const int Sends = 200;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Many_sends_in_one_write_get_far_fewer_answers_ending_in_send_acks_up_to_the_last_id_and_every_delivery_arrives(bool tls)
    {
        await using var server = await TestServer.StartAsync(o => o with { Insecure = !tls });
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First, tls: tls);
        await using var bob = await RawClient.LoginAsync(server.Endpoint, "bob", TestIdentities.Second, tls: tls);

        await alice.SendBytesAsync(Burst(Enumerable.Range(1, Sends).Select(i => ((ulong)i, "bob"))));

        var answers = new List<ServerFrame>();
        ulong upTo = 0;
        while (upTo < Sends)
        {
            var answer = await alice.ExpectAsync(ServerFrame.BodyOneofCase.SendAcks);
            Assert.True(answer.SendAcks.UpTo > upTo, $"up_to {answer.SendAcks.UpTo} after {upTo}");
            upTo = answer.SendAcks.UpTo;
            answers.Add(answer);
        }

        Assert.Equal((ulong)Sends, upTo);
        Assert.True(answers.Count <= Sends / 10, $"{answers.Count} answers to {Sends} sends written at once");
        for (var i = 1; i <= Sends; i++)
        {
            Assert.Equal(i, BitConverter.ToInt32((await bob.ExpectAsync(ServerFrame.BodyOneofCase.Delivery)).Delivery.Sealed.Span));
        }

        await bob.ExpectNothingPendingAsync();
        await alice.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task An_error_in_the_middle_of_a_burst_gets_its_own_send_result_before_the_send_acks_covering_later_ids()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
        await using var bob = await RawClient.LoginAsync(server.Endpoint, "bob", TestIdentities.Second);

        await alice.SendBytesAsync(Burst(Enumerable.Range(1, 10).Select(i => ((ulong)i, i == 5 ? "nobody" : "bob"))));

        var frames = new List<ServerFrame>();
        while (frames.LastOrDefault()?.SendAcks?.UpTo != 10)
        {
            frames.Add(await alice.ReceiveAsync());
        }

        var results = frames.Where(f => f.BodyCase == ServerFrame.BodyOneofCase.SendResult).ToList();
        var error = Assert.Single(results).SendResult;
        Assert.Equal((5ul, ErrorCode.UnknownRecipient), (error.RequestId, error.Code));
        var firstAcksCoveringIt = frames.FindIndex(f => f.SendAcks?.UpTo >= 5);
        Assert.True(frames.IndexOf(results[0]) < firstAcksCoveringIt, $"the SendResult must come before the SendAcks covering its id: {string.Join(", ", frames)}");
        Assert.All(frames, f => Assert.True(f.BodyCase is ServerFrame.BodyOneofCase.SendResult or ServerFrame.BodyOneofCase.SendAcks, f.ToString()));
        for (var i = 1; i <= 10; i++)
        {
            if (i != 5)
            {
                Assert.Equal(i, BitConverter.ToInt32((await bob.ExpectAsync(ServerFrame.BodyOneofCase.Delivery)).Delivery.Sealed.Span));
            }
        }

        await bob.ExpectNothingPendingAsync();
        await alice.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task A_send_whose_request_id_does_not_increase_is_refused_as_invalid_and_not_delivered()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
        await using var bob = await RawClient.LoginAsync(server.Endpoint, "bob", TestIdentities.Second);

        // 0 is not above "no send yet"; then 5 is delivered, and a repeated 5 and a smaller 3 are refused, and 6 goes on.
        await alice.SendBytesAsync(Burst([(0, "bob"), (5, "bob"), (5, "bob"), (3, "bob"), (6, "bob")]));

        var frames = new List<ServerFrame>();
        while (frames.LastOrDefault()?.SendAcks?.UpTo != 6)
        {
            frames.Add(await alice.ReceiveAsync());
        }

        var refused = frames.Where(f => f.BodyCase == ServerFrame.BodyOneofCase.SendResult).Select(f => f.SendResult).ToList();
        Assert.Equal([0ul, 5ul, 3ul], refused.Select(r => r.RequestId));
        Assert.All(refused, r => Assert.Equal(ErrorCode.InvalidRequest, r.Code));
        Assert.All(refused, r => Assert.Contains("must increase", r.Message, StringComparison.Ordinal));
        Assert.Equal(5, BitConverter.ToInt32((await bob.ExpectAsync(ServerFrame.BodyOneofCase.Delivery)).Delivery.Sealed.Span));
        Assert.Equal(6, BitConverter.ToInt32((await bob.ExpectAsync(ServerFrame.BodyOneofCase.Delivery)).Delivery.Sealed.Span));
        await bob.ExpectNothingPendingAsync();
    }

    /// <summary>All the sends as one write; each carries its request id as its sealed bytes.</summary>
    private static byte[] Burst(IEnumerable<(ulong RequestId, string To)> sends) =>
        [.. sends.SelectMany(s => FrameCodec.ToFrameBytes(new ClientFrame
        {
            Send = new SendMessage { RequestId = s.RequestId, To = s.To, Sealed = ByteString.CopyFrom(BitConverter.GetBytes((int)s.RequestId)) },
        }))];
}
