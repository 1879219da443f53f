using Parley.Protocol.Messages;

namespace Parley.Bench.Wire;

/// <summary>
/// Counts one sender's answers, whose sends carry request ids 1, 2, 3, …: a SendResult answers its own send, a SendAcks
/// (protocol v3) every send up to its <c>up_to</c> that got no SendResult. Also reads a server that answers every send
/// with a SendResult (a baseline build). A send just before an error's SendResult counts as answered a moment early:
/// its SendAcks follows at the end of that read turn.
/// </summary>
internal sealed class SendAnswers
{
    private long _answered;
    private long _failed;

    /// <summary>Sends answered so far: the highest request id any answer covered.</summary>
    public long Answered => Volatile.Read(ref _answered);

    /// <summary>Sends answered with a SendResult other than OK.</summary>
    public long Failed => Volatile.Read(ref _failed);

    /// <summary>Counts <paramref name="frame"/>; false when it is no answer to a send.</summary>
    public bool Count(ServerFrame frame)
    {
        ulong upTo;
        switch (frame.BodyCase)
        {
            case ServerFrame.BodyOneofCase.SendAcks:
                upTo = frame.SendAcks.UpTo;
                break;
            case ServerFrame.BodyOneofCase.SendResult:
                upTo = frame.SendResult.RequestId;
                if (frame.SendResult.Code != ErrorCode.Ok)
                {
                    Interlocked.Increment(ref _failed);
                }

                break;
            default:
                return false;
        }

        if ((long)upTo > _answered)
        {
            Volatile.Write(ref _answered, (long)upTo);
        }

        return true;
    }
}
