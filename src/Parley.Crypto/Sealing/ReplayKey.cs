namespace Parley.Crypto;

/// <summary>
/// A message as the replay memory knows it: the key id of its signer and its message id, both lowercase
/// hex. Keyed by both, so a message id one sender has used says nothing about another sender's messages.
/// </summary>
public readonly record struct ReplayKey(string SenderKeyId, string MessageId)
{
    /// <summary>True for an id remembered without its sender (by versions before the key was part of it).</summary>
    public bool IsAnySender => SenderKeyId.Length == 0;

    /// <summary>An id remembered without its sender: it stands for that id from every sender until it ages out.</summary>
    public static ReplayKey AnySender(string messageId) => new(string.Empty, messageId);
}
