namespace Parley.Bench.Relay;

/// <summary>One relay workload, the same for every system measured.</summary>
/// <param name="Pairs">Sender/receiver pairs, each with its own two connections.</param>
/// <param name="PayloadBytes">Application payload per message (for Parley: the sealed text).</param>
/// <param name="Window">Messages a pair may have sent but not yet seen delivered (and, for Parley, acknowledged).</param>
/// <param name="MaxMessagesPerPair">Hard bound on what one sender sends in a run, warm-up included.</param>
/// <param name="RatePerPair">Messages per second each sender offers; 0 sends as fast as the window allows.</param>
/// <param name="Envelope">What a Parley sender seals its text into.</param>
internal sealed record RelaySettings(
    int Pairs,
    int PayloadBytes,
    int Window,
    TimeSpan WarmUp,
    TimeSpan Duration,
    long MaxMessagesPerPair,
    double RatePerPair = 0,
    RelayEnvelope Envelope = RelayEnvelope.Session)
{
    /// <summary>How the load was offered, for the tables.</summary>
    public string Load => RatePerPair <= 0
        ? $"max, window {Window}"
        : $"{RatePerPair * Pairs:N0} msg/s offered";
}
