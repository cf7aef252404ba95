namespace UcStack.Sip.Tests.Conformance;

/// <summary>Locates the byte-exact fixture files copied next to the test assembly.</summary>
internal static class FixtureFiles
{
    public static string Folder(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static byte[] Read(string folder, string file) => File.ReadAllBytes(Path.Combine(Folder(folder), file));

    public static IEnumerable<string> DatFiles(string folder)
        => Directory.GetFiles(Folder(folder), "*.dat").Select(Path.GetFileName).OfType<string>().OrderBy(f => f, StringComparer.Ordinal);
}
