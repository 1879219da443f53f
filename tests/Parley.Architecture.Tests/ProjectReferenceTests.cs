using System.Xml.Linq;

namespace Parley.Architecture.Tests;

public sealed class ProjectReferenceTests
{
    [Fact]
    public void Every_product_assembly_has_a_place_in_the_layers()
    {
        var unplaced = ProductAssemblies.All
            .Select(assembly => assembly.GetName().Name!)
            .Where(name => !ProjectLayers.TryGetLevel(name, out _))
            .ToList();

        Assert.True(unplaced.Count == 0, $"add to ProjectLayers (and docs/architecture.md): {string.Join(", ", unplaced)}");
        Assert.Equal(ProjectLayers.Projects.Order(), ProductAssemblies.All.Select(a => a.GetName().Name!).Order());
    }

    [Fact]
    public void Compiled_assemblies_reference_only_lower_projects()
    {
        var violations =
            from assembly in ProductAssemblies.All
            let name = assembly.GetName().Name!
            from reference in assembly.GetReferencedAssemblies()
            where ProductAssemblies.IsProduct(reference.Name!)
            where !PointsDown(name, reference.Name!)
            select $"{name} -> {reference.Name}";

        Assert.Empty(violations);
    }

    [Fact]
    public void Project_files_reference_only_lower_projects()
    {
        var violations = new List<string>();
        foreach (var project in ProjectLayers.Projects)
        {
            var folder = ProjectLayers.ProjectFolder(project);
            var file = Path.Combine(RepositoryRoot.Path, "src", folder, folder + ".csproj");
            var referenced = XDocument.Load(file)
                .Descendants("ProjectReference")
                .Select(element => Path.GetFileNameWithoutExtension(element.Attribute("Include")!.Value.Replace('\\', '/')));
            violations.AddRange(referenced
                .Select(AssemblyOf)
                .Where(reference => !PointsDown(project, reference))
                .Select(reference => $"{folder}.csproj -> {reference}"));
        }

        Assert.Empty(violations);
    }

    private static string AssemblyOf(string projectName) =>
        projectName == "Parley.Cli" ? ProjectLayers.CommandLineAssembly : projectName;

    private static bool PointsDown(string from, string to) =>
        ProjectLayers.TryGetLevel(from, out var fromLevel)
        && ProjectLayers.TryGetLevel(to, out var toLevel)
        && toLevel < fromLevel;
}
