using System.Globalization;

namespace UcStack.Sip.Registrar;

/// <summary>
/// An <see cref="ISipUserStore"/> held in memory, usually read from a user file. The file is UTF-8 text, one user
/// per line; blank lines and lines starting with <c>#</c> are ignored:
/// <code>
/// alice:alicepass                  user:password
/// bob:ha1:&lt;32 hex&gt;                  user:ha1:MD5(user:realm:password)
/// carol:ha1:&lt;32 hex&gt;:&lt;64 hex&gt;      ... and SHA-256(user:realm:password)
/// </code>
/// HA1 values are bound to the realm they were computed for (the server's domain). A password that itself begins
/// with <c>ha1:</c> cannot be written in plain form.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class SipUserDirectory : ISipUserStore
{
    /// <summary>The largest user file read (1 MiB).</summary>
    public const int MaxFileBytes = 1 << 20;

    /// <summary>The longest line accepted.</summary>
    public const int MaxLineLength = 1024;

    private const string Ha1Prefix = "ha1:";
    private readonly Dictionary<string, DigestSecret> _users;

    /// <summary>Creates a directory from users and their secrets.</summary>
    /// <param name="users">User names and secrets; a later duplicate replaces an earlier one.</param>
    /// <exception cref="ArgumentNullException"><paramref name="users"/> is <see langword="null"/>.</exception>
    public SipUserDirectory(IEnumerable<KeyValuePair<string, DigestSecret>> users)
    {
        ArgumentNullException.ThrowIfNull(users);
        _users = new Dictionary<string, DigestSecret>(StringComparer.Ordinal);
        foreach (var (name, secret) in users) _users[name] = secret;
    }

    /// <summary>The user names, sorted.</summary>
    public IReadOnlyList<string> UserNames => [.. _users.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Parses user file text (see the class remarks).</summary>
    /// <param name="text">The file's content.</param>
    /// <returns>The directory.</returns>
    /// <exception cref="FormatException">A line is malformed; the message names the line number.</exception>
    public static SipUserDirectory Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxFileBytes) throw new FormatException($"The user file is larger than {MaxFileBytes} bytes.");
        var users = new List<KeyValuePair<string, DigestSecret>>();
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            if (line.Length > MaxLineLength) throw Error(number, $"longer than {MaxLineLength} characters");
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || colon == line.Length - 1) throw Error(number, "expected user:password or user:ha1:<hex>");
            var name = line[..colon];
            if (!IsUserName(name)) throw Error(number, "the user name has characters a SIP URI user part cannot carry unescaped");
            users.Add(new(name, ParseSecret(line[(colon + 1)..], number)));
        }

        return new SipUserDirectory(users);
    }

    /// <summary>Reads a user file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The directory.</returns>
    /// <exception cref="FormatException">The file is too large or a line is malformed.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static SipUserDirectory Load(string path)
    {
        var info = new FileInfo(path);
        if (info.Exists && info.Length > MaxFileBytes) throw new FormatException($"The user file '{path}' is larger than {MaxFileBytes} bytes.");
        return Parse(File.ReadAllText(path));
    }

    /// <inheritdoc />
    public ValueTask<bool> ExistsAsync(string username, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(username is not null && _users.ContainsKey(username));

    /// <inheritdoc />
    public ValueTask<DigestSecret?> FindSecretAsync(string username, string realm, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(username is not null && _users.TryGetValue(username, out var secret) ? secret : null);

    private static DigestSecret ParseSecret(string value, int number)
    {
        if (!value.StartsWith(Ha1Prefix, StringComparison.Ordinal)) return DigestSecret.FromPassword(value);
        var parts = value[Ha1Prefix.Length..].Split(':');
        try
        {
            return parts.Length switch
            {
                1 => DigestSecret.FromHa1(parts[0], null),
                2 => DigestSecret.FromHa1(parts[0].Length == 0 ? null : parts[0], parts[1]),
                _ => throw Error(number, "ha1: takes one MD5 value and optionally one SHA-256 value"),
            };
        }
        catch (ArgumentException ex)
        {
            throw Error(number, ex.Message);
        }
    }

    // RFC 3261 §25.1: user = 1*( unreserved / escaped / user-unreserved ); we accept the unescaped subset.
    private static bool IsUserName(string name) =>
        name.Length <= 128 && name.All(c => char.IsAsciiLetterOrDigit(c) || "-_.!~*'()&=+$,;?/".Contains(c, StringComparison.Ordinal));

    private static FormatException Error(int line, string what) =>
        new(string.Create(CultureInfo.InvariantCulture, $"User file line {line}: {what}."));
}
