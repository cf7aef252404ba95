using System.Text;
using System.Text.Unicode;

namespace UcStack.Sdp;

/// <summary>
/// Line-by-line SDP parser (RFC 8866 §5, §9). It copies the input once so that attribute values can stay
/// undecoded until asked for, enforces the line order of RFC 8866 §5 and the limits in <see cref="SdpParseOptions"/>,
/// and reports the first problem with its line and column.
/// </summary>
internal sealed partial class SdpParser
{
    // Ranks in the session-level order of RFC 8866 §5: v o s i u e p c b t(r z) k a m.
    private const int RankStart = 0, RankVersion = 1, RankOrigin = 2, RankName = 3, RankInformation = 4, RankUri = 5,
        RankEmail = 6, RankPhone = 7, RankConnection = 8, RankBandwidth = 9, RankTime = 10, RankKey = 11, RankAttribute = 12;

    // Ranks inside a media section (RFC 8866 §5): m i c* b* k a*.
    private const int MediaRankM = 0, MediaRankInformation = 1, MediaRankConnection = 2, MediaRankBandwidth = 3, MediaRankKey = 4, MediaRankAttribute = 5;

    private readonly byte[] _source;
    private readonly SdpParseOptions _options;
    private int _lineNumber;
    private int _rank;
    private byte _previousType;
    private int _attributeCount;
    private SdpSession? _session;
    private SdpOrigin? _origin;
    private SdpMedia? _media;
    private SdpTime? _time;
    private SdpParseError _error;
    private readonly int _invalidUtf8At;
    private PendingAttribute[] _pendingEntries;
    private int _pendingCount;
    private int _pendingStart;
    private SdpAttributeList? _pendingTarget;

    private SdpParser(byte[] source, SdpParseOptions options)
    {
        _source = source;
        _options = options;

        // One vectorised check of the whole input; the line that holds the first bad byte reports it.
        _invalidUtf8At = Utf8.IsValid(source) ? -1 : FirstInvalidUtf8(source);

        // One shared array holds the positions of all a= lines; sized by the count of lines that start with "a=" (one
        // vectorised search for "\na=", plus the first line), so it rarely grows and holds no slots for other lines.
        var attributeLines = source.AsSpan().Count("\na="u8) + (source.AsSpan().StartsWith("a="u8) ? 1 : 0);
        _pendingEntries = new PendingAttribute[Math.Max(4, Math.Min(attributeLines, options.MaxAttributes))];
    }

    public static bool TryParse(ReadOnlySpan<byte> input, SdpParseOptions? options, out SdpSession? session, out SdpParseError error)
    {
        options ??= SdpParseOptions.Default;
        session = null;

        // Limits first: never look past the maximum size.
        if (input.Length > options.MaxLength)
        {
            error = new SdpParseError(SdpParseErrorCode.TooLarge, 0, 0, $"{input.Length} bytes is more than the limit of {options.MaxLength}");
            return false;
        }

        if (input.IsEmpty)
        {
            error = new SdpParseError(SdpParseErrorCode.Empty, 0, 0, "no SDP lines");
            return false;
        }

        var parser = new SdpParser(input.ToArray(), options);
        if (!parser.Run())
        {
            error = parser._error;
            return false;
        }

        session = parser._session;
        error = default;
        return true;
    }

    private bool Run()
    {
        var source = _source;
        var position = 0;
        while (position < source.Length)
        {
            var remaining = source.AsSpan(position);

            // One search finds the line end and any NUL or CR in the line.
            var stop = remaining.IndexOfAny((byte)'\n', (byte)'\r', (byte)0);
            _lineNumber++;
            if (_lineNumber > _options.MaxLines)
            {
                return Fail(SdpParseErrorCode.TooManyLines, 1, $"more than {_options.MaxLines} lines");
            }

            int length;
            int advance;
            if (stop < 0)
            {
                length = advance = remaining.Length;
            }
            else if (remaining[stop] == '\n')
            {
                // RFC 8866 §5: records end in CRLF; a lone LF is accepted as the RFC asks parsers to be tolerant.
                length = stop;
                advance = stop + 1;
            }
            else if (remaining[stop] == '\r' && stop + 1 < remaining.Length && remaining[stop + 1] == '\n')
            {
                length = stop;
                advance = stop + 2;
            }
            else if (stop > _options.MaxLineLength)
            {
                return Fail(SdpParseErrorCode.LineTooLong, _options.MaxLineLength + 1, $"line longer than {_options.MaxLineLength} bytes");
            }
            else
            {
                // RFC 8866 §5: a value is a byte-string, which excludes NUL, CR and LF.
                return Fail(SdpParseErrorCode.InvalidCharacter, stop + 1, remaining[stop] == 0 ? "NUL byte" : "CR not followed by LF");
            }

            var content = remaining[..length];
            if (content.Length > _options.MaxLineLength)
            {
                return Fail(SdpParseErrorCode.LineTooLong, _options.MaxLineLength + 1, $"line longer than {_options.MaxLineLength} bytes");
            }

            if (content.IsEmpty)
            {
                // Blank lines are tolerated only as trailing padding after the last record.
                if (remaining.ContainsAnyExcept((byte)'\r', (byte)'\n'))
                {
                    return Fail(SdpParseErrorCode.EmptyLine, 1, "empty line inside the description");
                }

                break;
            }

            if (!ParseLine(position, content))
            {
                return false;
            }

            position += advance;
        }

        return Finish();
    }

    private bool ParseLine(int start, ReadOnlySpan<byte> content)
    {
        if (_invalidUtf8At >= start && _invalidUtf8At < start + content.Length)
        {
            return Fail(SdpParseErrorCode.InvalidUtf8, _invalidUtf8At - start + 1, "invalid UTF-8");
        }

        if (content.Length < 2 || content[1] != '=' || content[0] is < (byte)'a' or > (byte)'z')
        {
            return Fail(SdpParseErrorCode.MalformedLine, 1, "expected <letter>=<value>");
        }

        var type = content[0];
        var valueStart = start + 2;
        var value = content[2..];
        var ok = _media is null ? SessionLine(type, valueStart, value) : MediaLine(type, valueStart, value);
        _previousType = type;
        return ok;
    }

    private bool SessionLine(byte type, int valueStart, ReadOnlySpan<byte> value)
    {
        if (_rank == RankStart && type != 'v')
        {
            // RFC 8866 §5: the description starts with v=.
            return Fail(SdpParseErrorCode.MissingLine, 1, "the description must start with v=");
        }

        switch (type)
        {
            case (byte)'v':
                if (_rank != RankStart)
                {
                    return Fail(SdpParseErrorCode.UnexpectedLine, 1, "v= must be the first line and appear once");
                }

                // RFC 8866 §5.1: the version is 0.
                if (!value.SequenceEqual("0"u8))
                {
                    return Fail(SdpParseErrorCode.UnsupportedVersion, 3, "only v=0 is defined");
                }

                _rank = RankVersion;
                return true;
            case (byte)'o':
                if (_rank != RankVersion)
                {
                    return Order("o= must follow v=");
                }

                _rank = RankOrigin;
                return ParseOrigin(value);
            case (byte)'s':
                if (_rank != RankOrigin)
                {
                    return Order("s= must follow o=");
                }

                _rank = RankName;
                _session = new SdpSession(_origin!, Encoding.UTF8.GetString(value), parsed: true);
                return true;
        }

        if (_rank < RankName)
        {
            return _rank == RankStart
                ? Fail(SdpParseErrorCode.MissingLine, 1, "the description must start with v=")
                : Order("v=, o= and s= must come first");
        }

        var session = _session!;
        switch (type)
        {
            case (byte)'i':
                if (!Single(RankInformation, "i="))
                {
                    return false;
                }

                session.Information = Encoding.UTF8.GetString(value);
                return true;
            case (byte)'u':
                if (!Single(RankUri, "u="))
                {
                    return false;
                }

                session.Uri = Encoding.UTF8.GetString(value);
                return true;
            case (byte)'e':
                return Repeated(RankEmail, "e=") && NonEmpty(value, "e=") && Add(session.Emails, value);
            case (byte)'p':
                return Repeated(RankPhone, "p=") && NonEmpty(value, "p=") && Add(session.Phones, value);
            case (byte)'c':
                if (!Single(RankConnection, "c="))
                {
                    return false;
                }

                if (!ParseConnection(value, out var connection))
                {
                    return false;
                }

                session.Connection = connection;
                return true;
            case (byte)'b':
                return Repeated(RankBandwidth, "b=") && ParseBandwidth(value, session.Bandwidths);
            case (byte)'t':
                if (!Repeated(RankTime, "t="))
                {
                    return false;
                }

                if (!ParseTime(value, out var time))
                {
                    return false;
                }

                ((ValidatedList<SdpTime>)session.Times).AddParsed(time);
                _time = time;
                return true;
            case (byte)'r':
                // RFC 8866 §5.10: r= lines belong to the t= line before them.
                if (_previousType is not ((byte)'t' or (byte)'r'))
                {
                    return Order("r= must follow t= or r=");
                }

                return NonEmpty(value, "r=") && Add(_time!.Repeats, value);
            case (byte)'z':
                if (_previousType is not ((byte)'t' or (byte)'r'))
                {
                    return Order("z= must follow t= or r=");
                }

                if (!NonEmpty(value, "z="))
                {
                    return false;
                }

                if (_time!.ZoneAdjustments is not null)
                {
                    return Fail(SdpParseErrorCode.DuplicateLine, 1, "one z= per time description");
                }

                SetZone(_time, value);
                return true;
            case (byte)'k':
                if (!NeedTime() || !Single(RankKey, "k="))
                {
                    return false;
                }

                session.Key = Encoding.UTF8.GetString(value);
                return true;
            case (byte)'a':
                return NeedTime() && Repeated(RankAttribute, "a=") && ParseAttribute(valueStart, value, session.Attributes);
            case (byte)'m':
                return NeedTime() && StartMedia(value);
            default:
                // RFC 8866 §5: a parser must ignore a whole description with a type letter it does not understand.
                return Fail(SdpParseErrorCode.UnexpectedLine, 1, $"unknown or misplaced line type '{(char)type}='");
        }
    }

    private bool MediaLine(byte type, int valueStart, ReadOnlySpan<byte> value)
    {
        var media = _media!;
        switch (type)
        {
            case (byte)'m':
                return StartMedia(value);
            case (byte)'i':
                if (!Single(MediaRankInformation, "i="))
                {
                    return false;
                }

                media.Information = Encoding.UTF8.GetString(value);
                return true;
            case (byte)'c':
                if (!Repeated(MediaRankConnection, "c=") || !ParseConnection(value, out var connection))
                {
                    return false;
                }

                ((ValidatedList<SdpConnection>)media.Connections).AddParsed(connection!);
                return true;
            case (byte)'b':
                return Repeated(MediaRankBandwidth, "b=") && ParseBandwidth(value, media.Bandwidths);
            case (byte)'k':
                if (!Single(MediaRankKey, "k="))
                {
                    return false;
                }

                media.Key = Encoding.UTF8.GetString(value);
                return true;
            case (byte)'a':
                return Repeated(MediaRankAttribute, "a=") && ParseAttribute(valueStart, value, media.Attributes);
            default:
                return Fail(SdpParseErrorCode.UnexpectedLine, 1, $"'{(char)type}=' is not allowed in a media section");
        }
    }

    private bool Finish()
    {
        FlushAttributes();
        if (_session is null)
        {
            return Fail(SdpParseErrorCode.MissingLine, 1, _rank switch
            {
                RankStart => "missing v=",
                RankVersion => "missing o=",
                _ => "missing s=",
            });
        }

        if (_session!.Times.Count == 0)
        {
            // RFC 8866 §5.9: at least one t= line.
            return Fail(SdpParseErrorCode.MissingLine, 1, "missing t=");
        }

        return true;
    }

    private bool NeedTime() =>
        _time is not null || Fail(SdpParseErrorCode.MissingLine, 1, "t= must come before k=, a= and m= (RFC 8866 §5.9)");

    private bool Single(int rank, string name)
    {
        if (rank == _rank)
        {
            return Fail(SdpParseErrorCode.DuplicateLine, 1, $"{name} may appear only once here");
        }

        if (rank < _rank)
        {
            return Order($"{name} is out of order (RFC 8866 §5)");
        }

        _rank = rank;
        return true;
    }

    private bool Repeated(int rank, string name)
    {
        if (rank < _rank)
        {
            return Order($"{name} is out of order (RFC 8866 §5)");
        }

        _rank = rank;
        return true;
    }

    private bool Order(string detail) => Fail(SdpParseErrorCode.UnexpectedLine, 1, detail);

    private bool NonEmpty(ReadOnlySpan<byte> value, string name) =>
        (!value.IsEmpty && value[0] != ' ') || Fail(SdpParseErrorCode.MalformedLine, 3, $"{name} must have a value that does not start with a space");

    private static bool Add(IList<string> list, ReadOnlySpan<byte> value)
    {
        ((ValidatedList<string>)list).AddParsed(Encoding.UTF8.GetString(value));
        return true;
    }

    private static void SetZone(SdpTime time, ReadOnlySpan<byte> value) => time.ZoneAdjustments = Encoding.UTF8.GetString(value);

    private bool Fail(SdpParseErrorCode code, int column, string detail)
    {
        _error = new SdpParseError(code, _lineNumber, column, detail);
        return false;
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> content)
    {
        var offset = 0;
        while (offset < content.Length)
        {
            if (Rune.DecodeFromUtf8(content[offset..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return 0;
    }
}
