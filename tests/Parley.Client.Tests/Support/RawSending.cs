using Google.Protobuf;
using Parley.Protocol.Messages;

namespace Parley.Client.Tests.Support;

/// <summary>Puts hand-made sealed bytes on a logged-in client's connection, as a hostile or buggy peer would.</summary>
internal static class RawSending
{
    /// <returns>The send's answer: its SendResult, or the SendAcks that covered it.</returns>
    public static async Task<SendAnswer> SendSealedAsync(this ParleyClient from, string to, byte[] sealedBytes)
    {
        ulong requestId = 0;
        var answer = await from.RequestAsync(
            id =>
            {
                requestId = id;
                return new ClientFrame { Send = new SendMessage { RequestId = id, To = to, Sealed = ByteString.CopyFrom(sealedBytes) } };
            },
            CancellationToken.None);
        return new SendAnswer(requestId, answer);
    }
}
