using System.Text.Json;

namespace Parley.Testing;

/// <summary>One of the published test vectors of docs/vectors, copied next to the tests by the project file.</summary>
public sealed class VectorFile(JsonElement root)
{
    public JsonElement Root => root;

    public static VectorFile Read(string fileName)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "vectors", fileName);
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return new VectorFile(document.RootElement.Clone());
    }

    public static string Text(JsonElement element, string property) =>
        element.GetProperty(property).GetString() ?? throw new InvalidDataException($"{property} is null");

    public static byte[] Hex(JsonElement element, string property) => Convert.FromHexString(Text(element, property));

    public string Text(string property) => Text(root, property);

    public byte[] Hex(string property) => Hex(root, property);
}
