namespace Parley.Client;

/// <summary>
/// A refill of one-time prekeys was held back instead of obeyed: the server asked for more within the hour than
/// <see cref="Storage.SessionStoreOptions.MaxOneTimePrekeysMintedPerHour"/> allows. An honest server asks that often only
/// when many peers fetch bundles; one that keeps saying "none left" is handing them out or dropping them.
/// </summary>
public sealed record PrekeyRefillHeldEvent(string Reason) : ClientEvent;
