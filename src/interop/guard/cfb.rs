//! The OLE compound file of an .xls: a strict reader that takes out the workbook stream (every
//! sector id checked, every chain followed once), and a writer that puts a stream into a new,
//! minimal compound file. calamine's own reader trusts the file's sector chains and sizes (a
//! loop in a chain with a large declared size makes it allocate without end), so it is only ever
//! given a file written here.

use std::io::{Read, Seek, SeekFrom};

use super::{MAX_XLS_STREAM_BYTES, Refusal, bytes_text};

const SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const FREESECT: u32 = 0xFFFF_FFFF;
const FATSECT: u32 = 0xFFFF_FFFD;
const NOSTREAM: u32 = 0xFFFF_FFFF;
/// Ids from here up are markers, not sectors.
const MAXREGSECT: u32 = 0xFFFF_FFFA;
/// Streams shorter than this live in the mini stream.
const MINI_CUTOFF: u64 = 4096;
const MINI_SECTOR: usize = 64;

fn corrupt(reason: &str) -> Refusal {
    Refusal::Corrupt(format!("复合文档结构不完整：{reason}"))
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
}

/// A directory entry.
struct DirEntry {
    name: String,
    kind: u8,
    start: u32,
    size: u64,
}

struct Reader<'a, R> {
    file: &'a mut R,
    sector_size: usize,
    sectors: u32,
}

impl<R: Read + Seek> Reader<'_, R> {
    fn sector(&mut self, id: u32) -> Result<Vec<u8>, Refusal> {
        if id >= self.sectors {
            return Err(corrupt("扇区编号超出文件范围"));
        }
        let offset = (u64::from(id) + 1) * self.sector_size as u64;
        self.file
            .seek(SeekFrom::Start(offset))
            .map_err(|err| corrupt(&err.to_string()))?;
        let mut sector = Vec::with_capacity(self.sector_size);
        self.file
            .by_ref()
            .take(self.sector_size as u64)
            .read_to_end(&mut sector)
            .map_err(|err| corrupt(&err.to_string()))?;
        sector.resize(self.sector_size, 0);
        Ok(sector)
    }

    /// The sector ids of the chain from `start`, each id checked and visited once.
    fn chain(&self, start: u32, fat: &[u32]) -> Result<Vec<u32>, Refusal> {
        let mut ids = Vec::new();
        let mut seen = vec![false; self.sectors as usize];
        let mut id = start;
        while id != ENDOFCHAIN {
            let slot = seen
                .get_mut(id as usize)
                .ok_or_else(|| corrupt("扇区链指向文件之外"))?;
            if *slot {
                return Err(corrupt("扇区链成环"));
            }
            *slot = true;
            ids.push(id);
            id = *fat
                .get(id as usize)
                .ok_or_else(|| corrupt("扇区链指向分配表之外"))?;
        }
        Ok(ids)
    }

    /// The bytes of the chain from `start`, at most `limit`.
    fn read_chain(&mut self, start: u32, fat: &[u32], limit: u64) -> Result<Vec<u8>, Refusal> {
        let mut bytes = Vec::new();
        for id in self.chain(start, fat)? {
            if bytes.len() as u64 >= limit {
                break;
            }
            bytes.extend(self.sector(id)?);
        }
        bytes.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        Ok(bytes)
    }
}

/// Takes the workbook stream (`Workbook`, or `Book` in old files) out of the compound file in
/// `file` of `len` bytes.
pub(super) fn workbook_stream<R: Read + Seek>(file: &mut R, len: u64) -> Result<Vec<u8>, Refusal> {
    file.seek(SeekFrom::Start(0))
        .map_err(|err| corrupt(&err.to_string()))?;
    let mut header = Vec::with_capacity(512);
    file.by_ref()
        .take(512)
        .read_to_end(&mut header)
        .map_err(|err| corrupt(&err.to_string()))?;
    if header.len() < 512 || header.get(..8) != Some(&SIGNATURE[..]) {
        return Err(corrupt("文件头不足 512 字节或签名不符"));
    }
    let field16 = |at| u16_at(&header, at).unwrap_or_default();
    let field32 = |at| u32_at(&header, at).unwrap_or_default();
    let sector_size: usize = match field16(0x1E) {
        9 => 512,
        12 => 4096,
        _ => return Err(corrupt("扇区大小不合法")),
    };
    if field16(0x20) != 6 {
        return Err(corrupt("小扇区大小不合法"));
    }
    let sectors = u32::try_from(
        len.saturating_sub(sector_size as u64)
            .div_ceil(sector_size as u64),
    )
    .map_err(|_| corrupt("文件过大"))?;
    let mut reader = Reader {
        file,
        sector_size,
        sectors,
    };
    let entries_per_sector = sector_size / 4;

    // The sector allocation table: the sectors listed in the header, then in the DIFAT chain.
    let mut fat_sectors: Vec<u32> = (0..109)
        .filter_map(|index| u32_at(&header, 0x4C + index * 4))
        .filter(|id| *id < MAXREGSECT)
        .collect();
    let mut difat = field32(0x44);
    let mut difat_seen = 0u32;
    while difat < MAXREGSECT {
        difat_seen += 1;
        if difat_seen > sectors {
            return Err(corrupt("DIFAT 链成环"));
        }
        let sector = reader.sector(difat)?;
        let ids: Vec<u32> = sector
            .chunks_exact(4)
            .filter_map(|chunk| chunk.try_into().ok().map(u32::from_le_bytes))
            .collect();
        let (next, listed) = ids.split_last().ok_or_else(|| corrupt("DIFAT 扇区为空"))?;
        fat_sectors.extend(listed.iter().filter(|id| **id < MAXREGSECT));
        difat = *next;
    }
    if fat_sectors.len() as u64 > u64::from(sectors) {
        return Err(corrupt("分配表扇区多于文件的扇区"));
    }
    let mut fat = Vec::with_capacity(fat_sectors.len() * entries_per_sector);
    for id in fat_sectors {
        let sector = reader.sector(id)?;
        fat.extend(
            sector
                .chunks_exact(4)
                .filter_map(|chunk| chunk.try_into().ok().map(u32::from_le_bytes)),
        );
    }

    // The directory.
    let directory = reader.read_chain(field32(0x30), &fat, u64::MAX)?;
    let entries: Vec<DirEntry> = directory
        .chunks_exact(128)
        .map(|raw| {
            let units: Vec<u16> = raw
                .get(..64)
                .unwrap_or_default()
                .chunks_exact(2)
                .filter_map(|pair| pair.try_into().ok().map(u16::from_le_bytes))
                .take_while(|unit| *unit != 0)
                .collect();
            DirEntry {
                name: String::from_utf16_lossy(&units),
                kind: raw.get(66).copied().unwrap_or_default(),
                start: u32_at(raw, 116).unwrap_or(ENDOFCHAIN),
                size: if sector_size == 512 {
                    u64::from(u32_at(raw, 120).unwrap_or_default())
                } else {
                    u64_at(raw, 120).unwrap_or_default()
                },
            }
        })
        .collect();
    if entries
        .iter()
        .any(|entry| entry.name.eq_ignore_ascii_case("EncryptedPackage"))
    {
        return Err(Refusal::Password);
    }
    let find = |name: &str| {
        entries
            .iter()
            .find(|entry| entry.kind == 2 && entry.name.eq_ignore_ascii_case(name))
    };
    let stream = find("Workbook").or_else(|| find("Book")).ok_or_else(|| {
        Refusal::Corrupt("复合文档中没有 Workbook 数据流，不是 Excel 工作簿".to_owned())
    })?;
    if stream.size > MAX_XLS_STREAM_BYTES {
        return Err(Refusal::Limit(format!(
            "工作簿数据流有 {}，超过 .xls 的上限 {}",
            bytes_text(stream.size),
            bytes_text(MAX_XLS_STREAM_BYTES)
        )));
    }
    let bytes = if stream.size < MINI_CUTOFF {
        let root = entries.first().ok_or_else(|| corrupt("没有根目录"))?;
        let container = reader.read_chain(root.start, &fat, root.size.min(MAX_XLS_STREAM_BYTES))?;
        let mini_fat_bytes = reader.read_chain(field32(0x3C), &fat, MAX_XLS_STREAM_BYTES)?;
        let mini_fat: Vec<u32> = mini_fat_bytes
            .chunks_exact(4)
            .filter_map(|chunk| chunk.try_into().ok().map(u32::from_le_bytes))
            .collect();
        let mini_sectors = container.len() / MINI_SECTOR;
        let mut seen = vec![false; mini_sectors];
        let mut bytes = Vec::new();
        let mut id = stream.start;
        while id != ENDOFCHAIN && (bytes.len() as u64) < stream.size {
            let slot = seen
                .get_mut(id as usize)
                .ok_or_else(|| corrupt("小扇区链指向小扇区流之外"))?;
            if *slot {
                return Err(corrupt("小扇区链成环"));
            }
            *slot = true;
            let at = id as usize * MINI_SECTOR;
            bytes.extend_from_slice(
                container
                    .get(at..at + MINI_SECTOR)
                    .ok_or_else(|| corrupt("小扇区超出范围"))?,
            );
            id = *mini_fat
                .get(id as usize)
                .ok_or_else(|| corrupt("小扇区链指向分配表之外"))?;
        }
        bytes
    } else {
        reader.read_chain(stream.start, &fat, stream.size)?
    };
    if (bytes.len() as u64) < stream.size {
        return Err(corrupt("工作簿数据流被截断"));
    }
    Ok(bytes)
}

/// A compound file (version 4, 4096-byte sectors) holding `stream` as its `Workbook` stream,
/// padded with zeros to at least 4096 bytes so it lives in regular sectors.
pub(super) fn write_compound(mut stream: Vec<u8>) -> Result<Vec<u8>, Refusal> {
    const SECTOR: usize = 4096;
    if stream.len() < SECTOR {
        stream.resize(SECTOR, 0);
    }
    let stream_len = stream.len();
    let stream_sectors = stream_len.div_ceil(SECTOR);
    let directory_sector = stream_sectors;
    let mut fat_sectors = 1;
    while fat_sectors * (SECTOR / 4) < stream_sectors + 1 + fat_sectors {
        fat_sectors += 1;
    }
    if fat_sectors > 109 {
        return Err(Refusal::Limit("工作簿数据流过大".to_owned()));
    }
    let id = |index: usize| {
        u32::try_from(index).map_err(|_| Refusal::Limit("工作簿数据流过大".to_owned()))
    };
    let total_sectors = stream_sectors + 1 + fat_sectors;
    let mut out = Vec::with_capacity((total_sectors + 1) * SECTOR);

    // Header, padded to a whole sector.
    out.extend_from_slice(&SIGNATURE);
    out.extend_from_slice(&[0; 16]);
    out.extend_from_slice(&0x003E_u16.to_le_bytes());
    out.extend_from_slice(&4_u16.to_le_bytes());
    out.extend_from_slice(&0xFFFE_u16.to_le_bytes());
    out.extend_from_slice(&12_u16.to_le_bytes());
    out.extend_from_slice(&6_u16.to_le_bytes());
    out.extend_from_slice(&[0; 6]);
    out.extend_from_slice(&1_u32.to_le_bytes()); // directory sectors
    out.extend_from_slice(&id(fat_sectors)?.to_le_bytes());
    out.extend_from_slice(&id(directory_sector)?.to_le_bytes());
    out.extend_from_slice(&0_u32.to_le_bytes()); // transaction signature
    out.extend_from_slice(&4096_u32.to_le_bytes()); // mini stream cutoff
    out.extend_from_slice(&ENDOFCHAIN.to_le_bytes()); // mini FAT start
    out.extend_from_slice(&0_u32.to_le_bytes()); // mini FAT sectors
    out.extend_from_slice(&ENDOFCHAIN.to_le_bytes()); // DIFAT start
    out.extend_from_slice(&0_u32.to_le_bytes()); // DIFAT sectors
    for index in 0..109 {
        let entry = if index < fat_sectors {
            id(directory_sector + 1 + index)?
        } else {
            FREESECT
        };
        out.extend_from_slice(&entry.to_le_bytes());
    }
    out.resize(SECTOR, 0);

    // The stream.
    out.extend_from_slice(&stream);
    out.resize(SECTOR * (1 + stream_sectors), 0);

    // The directory: the root and the stream.
    let mut directory = Vec::with_capacity(SECTOR);
    // calamine refuses a version 4 root without a mini stream start; there is no mini stream
    // (no mini FAT), so any sector does.
    directory.extend(dir_entry("Root Entry", 5, 1, 0, 0));
    directory.extend(dir_entry("Workbook", 2, NOSTREAM, 0, stream_len as u64));
    while directory.len() < SECTOR {
        directory.extend(dir_entry("", 0, NOSTREAM, 0, 0));
    }
    out.extend_from_slice(&directory);

    // The allocation table.
    let mut fat = Vec::with_capacity(fat_sectors * SECTOR);
    for index in 0..fat_sectors * (SECTOR / 4) {
        let entry = if index + 1 < stream_sectors {
            id(index + 1)?
        } else if index + 1 == stream_sectors || index == directory_sector {
            ENDOFCHAIN
        } else if index > directory_sector && index <= directory_sector + fat_sectors {
            FATSECT
        } else {
            FREESECT
        };
        fat.extend_from_slice(&entry.to_le_bytes());
    }
    out.extend_from_slice(&fat);
    Ok(out)
}

/// One 128-byte directory entry.
fn dir_entry(name: &str, kind: u8, child: u32, start: u32, size: u64) -> Vec<u8> {
    let mut entry = Vec::with_capacity(128);
    let units: Vec<u16> = name.encode_utf16().collect();
    for unit in &units {
        entry.extend_from_slice(&unit.to_le_bytes());
    }
    entry.resize(64, 0);
    let name_len = if name.is_empty() {
        0
    } else {
        (units.len() as u16 + 1) * 2
    };
    entry.extend_from_slice(&name_len.to_le_bytes());
    entry.push(kind);
    entry.push(1); // black
    entry.extend_from_slice(&NOSTREAM.to_le_bytes()); // left sibling
    entry.extend_from_slice(&NOSTREAM.to_le_bytes()); // right sibling
    entry.extend_from_slice(&child.to_le_bytes());
    entry.resize(116, 0); // class id, state bits, times
    entry.extend_from_slice(&start.to_le_bytes());
    entry.extend_from_slice(&size.to_le_bytes());
    entry
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_compound_file_reads_back() {
        for len in [10usize, 4096, 4097, 5_000_000] {
            let stream: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
            let file = write_compound(stream.clone()).unwrap();
            let mut cursor = std::io::Cursor::new(&file);
            let read = workbook_stream(&mut cursor, file.len() as u64).unwrap();
            let padded = stream.len().max(4096);
            assert_eq!(read.len(), padded, "{len}");
            assert_eq!(&read[..len], &stream[..], "{len}");
        }
    }

    #[test]
    fn a_chain_in_a_loop_is_refused() {
        let mut file = write_compound(vec![1; 3 * 4096]).unwrap();
        // The FAT is the last sector; make sector 2 point back to sector 0.
        let fat_at = file.len() - 4096;
        file[fat_at + 8..fat_at + 12].copy_from_slice(&0u32.to_le_bytes());
        let mut cursor = std::io::Cursor::new(&file);
        let err = workbook_stream(&mut cursor, file.len() as u64).unwrap_err();
        assert!(
            matches!(&err, Refusal::Corrupt(text) if text.contains("成环")),
            "{err:?}"
        );
    }
}
