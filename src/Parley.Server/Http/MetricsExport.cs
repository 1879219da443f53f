using System.Diagnostics.Metrics;
using Prometheus;

namespace Parley.Server.Http;

/// <summary>
/// Publishes this host's meters ("Parley.Server" and "Parley.Media") in a Prometheus registry of its own, through
/// prometheus-net's meter adapter. Only instruments created by this host's <see cref="IMeterFactory"/> are taken, so
/// several servers in one process (tests) never see each other's counts, and nothing else in the process (the
/// runtime's or Kestrel's meters) is exported.
/// </summary>
internal sealed class MetricsExport : IDisposable
{
    // The adapter forgets a series not updated for this long; a counter must not vanish (and restart from 0) while
    // the server is merely quiet, so practically never.
    private static readonly TimeSpan s_keepSeries = TimeSpan.FromDays(365);

    private readonly IDisposable _adapter;

    public MetricsExport(IMeterFactory meterFactory)
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        _adapter = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = Registry,
            InstrumentFilterPredicate = instrument => ReferenceEquals(instrument.Meter.Scope, meterFactory),
            MetricsExpireAfter = s_keepSeries,
        });
    }

    public CollectorRegistry Registry { get; }

    public void Dispose() => _adapter.Dispose();
}
