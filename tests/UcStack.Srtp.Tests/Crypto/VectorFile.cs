using System.Globalization;

namespace UcStack.Srtp.Tests.Crypto;

/// <summary>
/// Reads the SRTP vector files in Fixtures/srtp: '#' comment lines, "name: value" lines (hex or text),
/// and table rows of whitespace-separated hex columns. Shared with the SRTP context tests.
/// </summary>
internal sealed class VectorFile
{
    private readonly Dictionary<string, string> _values;

    private VectorFile(string name, Dictionary<string, string> values, List<string[]> rows)
    {
        Name = name;
        _values = values;
        Rows = rows;
    }

    /// <summary>The file name, for messages.</summary>
    public string Name { get; }

    /// <summary>Table rows in file order (lines without a colon), split on whitespace.</summary>
    public IReadOnlyList<string[]> Rows { get; }

    /// <summary>The directory holding the SRTP fixtures in the test output.</summary>
    public static string Directory => Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "srtp");

    /// <summary>Every vector file name in the fixture folder.</summary>
    public static IEnumerable<string> AllNames() =>
        System.IO.Directory.EnumerateFiles(Directory, "*.txt").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    /// <summary>Loads Fixtures/srtp/<paramref name="fileName"/>.</summary>
    public static VectorFile Load(string fileName)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var rows = new List<string[]>();
        foreach (var rawLine in File.ReadLines(Path.Combine(Directory, fileName)))
        {
            var line = rawLine.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                values.Add(line[..colon].Trim(), line[(colon + 1)..].Trim());
            }
            else
            {
                rows.Add(line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            }
        }

        return new VectorFile(fileName, values, rows);
    }

    /// <summary>True when the file has a "name: value" line for <paramref name="key"/>.</summary>
    public bool Has(string key) => _values.ContainsKey(key);

    /// <summary>The text value of <paramref name="key"/>.</summary>
    public string Text(string key) =>
        _values.TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"{Name}: no '{key}' line.");

    /// <summary>The hex value of <paramref name="key"/> as bytes (an empty value gives no bytes).</summary>
    public byte[] Hex(string key) => Convert.FromHexString(Text(key));

    /// <summary>The hex value of <paramref name="key"/> as an unsigned integer.</summary>
    public ulong Number(string key) => ulong.Parse(Text(key), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
