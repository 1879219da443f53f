namespace Parley.Server;

/// <summary>
/// Marks a <see cref="ParleyServerSettings"/> key kept only so that older appsettings.json files and PARLEY_*
/// variables go on working: it has no flag of its own, and its setting's own key (<see cref="Of"/>) wins over it.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class SettingAliasAttribute(string of) : Attribute
{
    public string Of { get; } = of;
}
