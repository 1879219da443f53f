namespace Parley.Bench.Idle;

/// <param name="Connections">Idle connections held open at once.</param>
/// <param name="SourceAddresses">Client sockets are bound round-robin to 127.0.0.1..127.0.0.N.</param>
/// <param name="Concurrency">Connections being opened (and, for Parley, logged in) at once.</param>
/// <param name="Settle">Quiet time before memory is sampled.</param>
internal sealed record IdleSettings(int Connections, int SourceAddresses, int Concurrency, TimeSpan Settle);
