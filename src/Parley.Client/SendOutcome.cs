namespace Parley.Client;

/// <summary>What became of one message to one recipient.</summary>
public sealed record SendOutcome(string To, SendStatus Status, string Detail)
{
    public bool Delivered => Status == SendStatus.Delivered;
}
