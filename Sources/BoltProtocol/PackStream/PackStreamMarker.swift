/// PackStream v1 marker bytes. Tiny forms put the size or value in the marker's low nibble.
enum PackStreamMarker {
    static let null: UInt8 = 0xC0
    static let float64: UInt8 = 0xC1
    static let `false`: UInt8 = 0xC2
    static let `true`: UInt8 = 0xC3
    static let int8: UInt8 = 0xC8
    static let int16: UInt8 = 0xC9
    static let int32: UInt8 = 0xCA
    static let int64: UInt8 = 0xCB
    static let bytes8: UInt8 = 0xCC
    static let bytes16: UInt8 = 0xCD
    static let bytes32: UInt8 = 0xCE
    static let tinyString: UInt8 = 0x80
    static let string8: UInt8 = 0xD0
    static let string16: UInt8 = 0xD1
    static let string32: UInt8 = 0xD2
    static let tinyList: UInt8 = 0x90
    static let list8: UInt8 = 0xD4
    static let list16: UInt8 = 0xD5
    static let list32: UInt8 = 0xD6
    static let tinyMap: UInt8 = 0xA0
    static let map8: UInt8 = 0xD8
    static let map16: UInt8 = 0xD9
    static let map32: UInt8 = 0xDA
    static let tinyStructure: UInt8 = 0xB0
}

/// Structure tags of the Bolt value types (the message tags are in ``BoltRequest``).
public enum StructureTag {
    public static let node: UInt8 = 0x4E
    public static let relationship: UInt8 = 0x52
    public static let unboundRelationship: UInt8 = 0x72
    public static let path: UInt8 = 0x50
    public static let date: UInt8 = 0x44
    public static let time: UInt8 = 0x54
    public static let localTime: UInt8 = 0x74
    public static let dateTime: UInt8 = 0x49
    public static let dateTimeZoneID: UInt8 = 0x69
    public static let legacyDateTime: UInt8 = 0x46
    public static let legacyDateTimeZoneID: UInt8 = 0x66
    public static let localDateTime: UInt8 = 0x64
    public static let duration: UInt8 = 0x45
    public static let point2D: UInt8 = 0x58
    public static let point3D: UInt8 = 0x59
}
