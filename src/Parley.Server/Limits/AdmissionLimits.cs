using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Parley.Protocol.Messages;

namespace Parley.Server.Limits;

/// <summary>
/// The server's admission limits (docs/protocol.md §4): connections in all, per remote address and per name;
/// connection, login and registration rates per address (token buckets, System.Threading.RateLimiting), and
/// registrations overall. Every refusal reaches the client as a frame, and is counted where frames are written (ServerMetrics.FrameSent). Per-address state
/// is bounded: the counts hold only addresses with open connections, and an address's buckets are dropped
/// by the partitioned limiter once they have been full (idle) for a while.
/// </summary>
internal sealed class AdmissionLimits : IDisposable
{
    private static readonly TimeSpan s_retryWhenFull = TimeSpan.FromSeconds(5);

    private readonly ParleyServerOptions _options;
    private readonly Lock _countsGate = new();
    private readonly Dictionary<IPAddress, int> _perAddress = [];
    private readonly Dictionary<string, int> _perName = new(StringComparer.Ordinal);
    private readonly PartitionedRateLimiter<IPAddress>? _connectionRate;
    private readonly PartitionedRateLimiter<IPAddress>? _loginRate;
    private readonly PartitionedRateLimiter<IPAddress>? _registrationRatePerAddress;
    private readonly TokenBucketRateLimiter? _registrationRate;
    private readonly TokenBucketRateLimiter? _refusalHandshakes;
    private int _total;

    public AdmissionLimits(ParleyServerOptions options)
    {
        _options = options;
        _connectionRate = PerAddress(options.ConnectionsPerAddressPerMinute, TimeSpan.FromMinutes(1));
        _loginRate = PerAddress(options.LoginsPerAddressPerMinute, TimeSpan.FromMinutes(1));
        _registrationRatePerAddress = PerAddress(options.RegistrationsPerAddressPerHour, TimeSpan.FromHours(1));
        _refusalHandshakes = options.RefusalHandshakesPerSecond > 0
            ? new TokenBucketRateLimiter(TokenBuckets.PerWindow(options.RefusalHandshakesPerSecond, options.RefusalHandshakesPerSecond, TimeSpan.FromSeconds(1), autoReplenishment: true))
            : null;
        _registrationRate = options.RegistrationsPerHour > 0
            ? new TokenBucketRateLimiter(TokenBuckets.PerWindow(options.RegistrationsPerHour, options.RegistrationsPerHour, TimeSpan.FromHours(1), autoReplenishment: true))
            : null;
    }

    /// <summary>Connections counted now (admitted and not yet released).</summary>
    public int Connections => Volatile.Read(ref _total);

    /// <summary>Admits a new connection from <paramref name="remote"/>, or says why not (fatal).</summary>
    public ConnectionAdmission? TryAdmit(EndPoint? remote, out Refusal refusal)
    {
        var address = LimitedAddress(remote);
        if (address is not null && TryTake(_connectionRate, address) is { } wait)
        {
            return Refuse(new Refusal(
                ErrorCode.RateLimited,
                $"too many new connections from your address (at most {_options.ConnectionsPerAddressPerMinute} a minute); try again later",
                wait), out refusal);
        }

        lock (_countsGate)
        {
            if (_total >= _options.MaxConnections)
            {
                return Refuse(new Refusal(
                    ErrorCode.TooManyConnections,
                    $"the server has its maximum of {_options.MaxConnections} connections; try again later",
                    s_retryWhenFull), out refusal);
            }

            if (address is not null)
            {
                var fromAddress = _perAddress.GetValueOrDefault(address);
                if (fromAddress >= _options.MaxConnectionsPerAddress)
                {
                    return Refuse(new Refusal(
                        ErrorCode.TooManyConnections,
                        $"your address already has the maximum of {_options.MaxConnectionsPerAddress} connections; close one first",
                        s_retryWhenFull), out refusal);
                }

                _perAddress[address] = fromAddress + 1;
            }

            _total++;
        }

        refusal = default;
        return new ConnectionAdmission(address, _options.RequestsPerSecond);
    }

    /// <summary>
    /// Whether a refused connection may still have its TLS handshake, to be told why: at most
    /// <see cref="ParleyServerOptions.RefusalHandshakesPerSecond"/> a second, server-wide.
    /// </summary>
    public bool TryTakeRefusalHandshake()
    {
        if (_refusalHandshakes is null)
        {
            return true;
        }

        using var lease = _refusalHandshakes.AttemptAcquire();
        return lease.IsAcquired;
    }

    /// <summary>A login frame arrived: refused (fatal) when the address has used up its logins for now.</summary>
    public bool TryStartLogin(ConnectionAdmission connection, out Refusal refusal)
    {
        return WithinAddressRate(
            _loginRate,
            connection,
            $"too many logins from your address (at most {_options.LoginsPerAddressPerMinute} a minute); try again later",
            out refusal);
    }

    /// <summary>Counts the connection under its name (uniqueness key) at login, unless the name has its maximum.</summary>
    public bool TryClaimName(ConnectionAdmission connection, string nameKey, string name, out Refusal refusal)
    {
        lock (_countsGate)
        {
            var connections = _perName.GetValueOrDefault(nameKey);
            if (connections >= _options.MaxConnectionsPerName)
            {
                refusal = new Refusal(
                    ErrorCode.TooManyConnections,
                    $"'{name}' already has the maximum of {_options.MaxConnectionsPerName} connections; close one first",
                    s_retryWhenFull);
                return false;
            }

            _perName[nameKey] = connections + 1;
            connection.NameKey = nameKey;
        }

        refusal = default;
        return true;
    }

    /// <summary>A login is about to register a new name: refused (fatal) when its address or the server registers too fast.</summary>
    public bool TryRegister(ConnectionAdmission connection, out Refusal refusal)
    {
        if (!WithinAddressRate(
            _registrationRatePerAddress,
            connection,
            $"too many new names from your address (at most {_options.RegistrationsPerAddressPerHour} an hour); log in with a name you have, or try again later",
            out refusal))
        {
            return false;
        }

        if (_registrationRate is not null)
        {
            using var lease = _registrationRate.AttemptAcquire();
            if (!lease.IsAcquired)
            {
                refusal = new Refusal(
                    ErrorCode.RateLimited,
                    $"the server registers at most {_options.RegistrationsPerHour} new names an hour; try again later",
                    TokenBuckets.RetryAfter(lease, TimeSpan.FromMinutes(1)));
                return false;
            }
        }

        refusal = default;
        return true;
    }

    /// <summary>Gives back what the connection holds; only the first call counts.</summary>
    public void Release(ConnectionAdmission connection)
    {
        if (Interlocked.Exchange(ref connection.Released, 1) != 0)
        {
            return;
        }

        connection.DisposeRequests();
        lock (_countsGate)
        {
            _total--;
            if (connection.LimitedAddress is { } address)
            {
                Decrement(_perAddress, address);
            }

            if (connection.NameKey is { } nameKey)
            {
                Decrement(_perName, nameKey);
            }
        }
    }

    public void Dispose()
    {
        _connectionRate?.Dispose();
        _loginRate?.Dispose();
        _registrationRatePerAddress?.Dispose();
        _registrationRate?.Dispose();
        _refusalHandshakes?.Dispose();
    }

    /// <summary>
    /// The key the per-address limits count <paramref name="remote"/> under: IPv4 as is (also when mapped into
    /// IPv6), IPv6 by its /64, which one subscriber usually holds whole. Null when they do not apply.
    /// </summary>
    private IPAddress? LimitedAddress(EndPoint? remote)
    {
        if (remote is not IPEndPoint { Address: var address })
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) && !_options.LimitLoopbackAddresses)
        {
            return null;
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes);
    }

    private static PartitionedRateLimiter<IPAddress>? PerAddress(int count, TimeSpan window)
    {
        if (count == 0)
        {
            return null;
        }

        // The partitioned limiter replenishes its buckets itself and drops those that stay full (idle).
        var bucket = TokenBuckets.PerWindow(count, count, window, autoReplenishment: false);
        return PartitionedRateLimiter.Create<IPAddress, IPAddress>(
            address => RateLimitPartition.GetTokenBucketLimiter(address, _ => bucket));
    }

    /// <returns>Null when a token was taken; else how long until one is likely.</returns>
    private static TimeSpan? TryTake(PartitionedRateLimiter<IPAddress>? limiter, IPAddress address)
    {
        if (limiter is null)
        {
            return null;
        }

        using var lease = limiter.AttemptAcquire(address);
        return lease.IsAcquired ? null : TokenBuckets.RetryAfter(lease, TimeSpan.FromSeconds(1));
    }

    /// <summary>Takes a token from the address's bucket in <paramref name="limiter"/>; an empty one is a fatal RATE_LIMITED with <paramref name="message"/>.</summary>
    private static bool WithinAddressRate(
        PartitionedRateLimiter<IPAddress>? limiter, ConnectionAdmission connection, string message, out Refusal refusal)
    {
        if (connection.LimitedAddress is { } address && TryTake(limiter, address) is { } wait)
        {
            refusal = new Refusal(ErrorCode.RateLimited, message, wait);
            return false;
        }

        refusal = default;
        return true;
    }

    private static ConnectionAdmission? Refuse(Refusal refusal, out Refusal result)
    {
        result = refusal;
        return null;
    }

    private static void Decrement<TKey>(Dictionary<TKey, int> counts, TKey key)
        where TKey : notnull
    {
        if (counts.TryGetValue(key, out var count))
        {
            if (count <= 1)
            {
                counts.Remove(key);
            }
            else
            {
                counts[key] = count - 1;
            }
        }
    }
}
