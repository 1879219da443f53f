namespace Parley.Server.Registry;

/// <summary>What <see cref="NameRegistry.Register"/> found or did.</summary>
internal readonly record struct RegistrationOutcome(RegisteredName Owner, bool NewlyRegistered, bool Conflict);
