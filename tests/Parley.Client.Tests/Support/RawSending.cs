using Google.Protobuf;
using Parley.Protocol.Messages;

namespace Parley.Client.Tests.Support;

/// <summary>Puts hand-made sealed bytes on a logged-in client's connection, as a hostile or buggy peer would.</summary>
internal static class RawSending
{
    public static async Task<SendResult> SendSealedAsync(this ParleyClient from, string to, byte[] sealedBytes)
    {
        var answer = await from.RequestAsync(
            id => new ClientFrame { Send = new SendMessage { RequestId = id, To = to, Sealed = ByteString.CopyFrom(sealedBytes) } },
            CancellationToken.None);
        return answer.SendResult;
    }
}
