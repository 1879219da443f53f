using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Parley.Server.Metrics;

namespace Parley.Server.Tests;

/// <summary>
/// One test server's "Parley.Server" instruments, read through a meter factory of the test's own, so that the
/// servers of other tests running at the same time are not mixed in. Give <see cref="Register"/> to the server.
/// </summary>
internal sealed class ServerMeter : IDisposable
{
    private readonly ServiceProvider _provider;
    private readonly IMeterFactory _factory;
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _totals = new();
    private long _queuedBytes = -1;

    public ServerMeter()
    {
        _provider = new ServiceCollection().AddMetrics().BuildServiceProvider();
        _factory = _provider.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, _factory) && instrument.Meter.Name == ServerMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "queue.bytes")
            {
                Volatile.Write(ref _queuedBytes, value);
                return;
            }

            var key = instrument.Name;
            foreach (var tag in tags)
            {
                key += $" {tag.Key}={tag.Value}";
            }

            _totals.AddOrUpdate(key, value, (_, total) => total + value);
        });
        _listener.Start();
    }

    /// <summary>For <c>TestServer.StartAsync(services: meter.Register)</c>.</summary>
    public void Register(IServiceCollection services) => services.AddSingleton(_factory);

    /// <summary>Server metrics recording into this meter, for parts of a server built by hand in a test.</summary>
    public ServerMetrics CreateMetrics() => new(_factory);

    /// <summary>The <c>queue.bytes</c> gauge, read now.</summary>
    public long QueuedBytes
    {
        get
        {
            _listener.RecordObservableInstruments();
            return Volatile.Read(ref _queuedBytes);
        }
    }

    /// <summary>The sum recorded by a counter with these tags, e.g. <c>Total("queue.drops kind=delivery")</c>.</summary>
    public long Total(string instrumentAndTags) => _totals.GetValueOrDefault(instrumentAndTags);

    public void Dispose()
    {
        _listener.Dispose();
        _provider.Dispose();
    }
}
