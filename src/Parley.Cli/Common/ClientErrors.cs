using Parley.Client;

namespace Parley.Cli.Common;

/// <summary>One-line wording for what can go wrong talking to a server.</summary>
internal static class ClientErrors
{
    public static string Describe(SendOutcome outcome) => outcome.Status switch
    {
        SendStatus.Delivered => $"delivered to {outcome.To}",
        SendStatus.Queued => $"queued for {outcome.To}: they are offline; the server keeps the message until they next log in",
        SendStatus.QueueFull => $"{outcome.To} is offline and the server keeps no more messages for them" + WithDetail(outcome.Detail),
        SendStatus.UnknownRecipient => $"nobody is registered as {outcome.To}",
        SendStatus.RecipientOffline => $"{outcome.To} is not online",
        SendStatus.RecipientBusy => $"{outcome.To} is not keeping up; the message was dropped, try again later",
        SendStatus.KeyChanged => $"{outcome.To}'s key changed, not sending: compare fingerprints with {outcome.To}, "
            + $"then run 'parley keys trust {outcome.To} --fingerprint NEW-FINGERPRINT'" + WithDetail(outcome.Detail),
        SendStatus.Refused => $"the server refused the message to {outcome.To}" + WithDetail(outcome.Detail),
        _ => $"not delivered to {outcome.To}" + WithDetail(outcome.Detail),
    };

    private static string WithDetail(string detail) =>
        string.IsNullOrWhiteSpace(detail) ? "" : $" ({detail})";
}
