namespace Parley.Client;

public sealed record MessageReceivedEvent(ReceivedMessage Message) : ClientEvent;
