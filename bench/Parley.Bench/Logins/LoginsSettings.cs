namespace Parley.Bench.Logins;

/// <summary>One login workload, the same for every server measured.</summary>
/// <param name="Concurrency">Client loops, each logging in again as soon as its last login ended.</param>
/// <param name="SourceAddresses">Connections come from 127.0.0.1..127.0.0.N, so short-lived sockets do not use up one address's ports.</param>
/// <param name="MaxLoginsPerRun">Hard bound on the logins one server gets in a round, warm-up included.</param>
internal sealed record LoginsSettings(
    int Concurrency,
    int SourceAddresses,
    TimeSpan WarmUp,
    TimeSpan Duration,
    long MaxLoginsPerRun);
