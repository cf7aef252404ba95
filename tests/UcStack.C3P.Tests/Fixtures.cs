namespace UcStack.C3P.Tests;

/// <summary>Loads the example bodies under Fixtures/.</summary>
internal static class Fixtures
{
    public static string Directory(string folder) => Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", folder);

    public static byte[] Bytes(string folder, string name) => File.ReadAllBytes(Path.Combine(Directory(folder), name));

    public static string Text(string folder, string name) => File.ReadAllText(Path.Combine(Directory(folder), name));

    /// <summary>Every C3P fixture's file name (computed from the build output, so a new file is picked up).</summary>
    public static IEnumerable<string> C3PNames() =>
        System.IO.Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures", "c3p"), "*.xml").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    public static IEnumerable<string> ConferenceInfoNames() =>
        System.IO.Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures", "conference-info"), "*.xml").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;
}
