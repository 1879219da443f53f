using System.Diagnostics.Metrics;
using Parley.Media.Library;
using Parley.Server.Metrics;
using Prometheus;

namespace Parley.Server.Http;

/// <summary>
/// Publishes this host's meters ("Parley.Server" and "Parley.Media") in a Prometheus registry of its own, through
/// prometheus-net's meter adapter. Only instruments created by this host's <see cref="IMeterFactory"/> are taken, so
/// several servers in one process (tests) never see each other's counts, and nothing else (the runtime's or Kestrel's
/// meters) is exported. The adapter exports every .NET counter as a Prometheus gauge holding the running total.
/// </summary>
internal sealed class MetricsExport : IDisposable
{
    // The adapter forgets a series not updated for this long (at most a day, its limit): a counter quiet for a whole
    // day then restarts from 0, which Prometheus's rate() reads as a counter reset. Gauges (connections open now) are
    // observed at every scrape, so they never expire.
    private static readonly TimeSpan s_keepSeries = TimeSpan.FromDays(1);

    private readonly IDisposable _adapter;

    public MetricsExport(IMeterFactory meterFactory)
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        _adapter = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = Registry,
            MetricFactory = Prometheus.Metrics.WithCustomRegistry(Registry), // else the adapter writes to the process-wide default registry
            InstrumentFilterPredicate = instrument => ReferenceEquals(instrument.Meter.Scope, meterFactory)
                && instrument.Meter.Name is ServerMetrics.MeterName or MediaMetrics.MeterName,
            MetricsExpireAfter = s_keepSeries,
        });
    }

    public CollectorRegistry Registry { get; }

    public void Dispose() => _adapter.Dispose();
}
