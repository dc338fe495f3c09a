"""Imports portcards' Anki export with Anki's own importer (the `anki` package from
PyPI, no window): every card becomes a Basic note in the Portcards deck with its
tags and GUID, and importing again (with a changed back) updates the notes rather
than adding copies. Usage: python3 anki-import-check.py EXPORTED.txt"""
import os
import sys
import tempfile

from anki.collection import Collection, ImportCsvRequest

exported = sys.argv[1]
with open(exported, encoding="utf-8") as file:
    lines = file.read().splitlines()
notes = [line for line in lines if not line.startswith("#")]

with tempfile.TemporaryDirectory() as folder:
    collection = Collection(os.path.join(folder, "check.anki2"))

    def import_file(path):
        metadata = collection.get_csv_metadata(path=path, delimiter=None)
        collection.import_csv(ImportCsvRequest(path=path, metadata=metadata))

    import_file(exported)
    assert collection.note_count() == len(notes), (collection.note_count(), len(notes))
    deck = collection.decks.by_name("Portcards")
    assert deck is not None, "the Portcards deck"
    assert len(collection.find_cards('"deck:Portcards"')) == len(notes)
    ssh = collection.find_notes('"Front:Which service uses port 22?"')
    assert len(ssh) == 1, ssh
    note = collection.get_note(ssh[0])
    assert note.guid == "portcards-22:port-to-service", note.guid
    assert note.note_type()["name"] == "Basic"
    assert {"portcards", "portcards::core", "portcards::port-to-service"} <= set(note.tags), note.tags
    assert "<b>SSH/SCP</b>" in note["Back"], note["Back"]
    core = len(collection.find_notes("tag:portcards::core"))
    assert 0 < core < len(notes), core

    # The same file again, with one answer changed: the note is updated, not copied.
    changed = os.path.join(folder, "again.txt")
    with open(changed, "w", encoding="utf-8") as file:
        file.write("\n".join(line.replace("<b>SSH/SCP</b>", "<b>SSH/SCP (updated)</b>") for line in lines) + "\n")
    import_file(changed)
    assert collection.note_count() == len(notes), ("a re-import added notes", collection.note_count())
    assert "(updated)" in collection.get_note(ssh[0])["Back"], "a re-import updates the note"
    collection.close()

print(f"ok: Anki imported {len(notes)} notes ({core} core) into Portcards, and a re-import updated them")
