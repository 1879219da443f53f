using Parley.Protocol.Messages;
using Parley.Protocol.Wire;
using Parley.Server.Sessions;

namespace Parley.Server.Routing;

/// <summary>
/// Send and Lookup, the per-message path. A router finds the recipient by name and hands the delivery to
/// each of the recipient's sessions through <see cref="ClientSession.TryDeliver"/>, then answers the sender.
/// <see cref="InProcessMessageRouter"/> delivers to sessions in this process; a multi-node router would
/// do the same for local sessions and publish to the node holding a remote one, which delivers it the same way.
/// </summary>
internal interface IMessageRouter
{
    /// <summary>Routes one send and answers it: its own SendResult through <see cref="ClientSession.AnswerSend"/>, or, when
    /// delivered, <see cref="SendTurn.Delivered"/> (one SendAcks per read turn). The answer is given before this returns.
    /// <paramref name="send"/>'s sealed bytes may point into the sender's input pipe: they must be copied before this returns.</summary>
    void OnSend(ClientSession sender, in SendRequest send);

    void OnLookup(ClientSession session, LookupPeer lookup);
}
