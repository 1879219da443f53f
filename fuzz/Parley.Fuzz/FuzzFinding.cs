namespace Parley.Fuzz;

/// <summary>Thrown for a wrong answer that is not an exception of its own (two readers that disagree).</summary>
internal sealed class FuzzFinding(string message) : Exception(message);
