using Parley.Server.Limits;

namespace Parley.Server.Transports.Tcp;

/// <summary>
/// What <see cref="AdmissionBeforeTls"/> decided for a connection, carried to <see cref="TcpConnectionHandler"/> in the
/// connection's features: its place under the limits, or the refusal it is to be told.
/// </summary>
internal sealed record ConnectionAdmissionFeature(ConnectionAdmission? Admission, Refusal Refusal);
