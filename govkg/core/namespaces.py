"""Every namespace the project uses, bound once."""

GOV = "https://w3id.org/govkg/ontology#"
ID = "https://w3id.org/govkg/id/"
DCT = "http://purl.org/dc/terms/"
OA = "http://www.w3.org/ns/oa#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCAT = "http://www.w3.org/ns/dcat#"
VOID = "http://rdfs.org/ns/void#"
SH = "http://www.w3.org/ns/shacl#"

PREFIXES = {
    "gov": GOV,
    "id": ID,
    "dct": DCT,
    "oa": OA,
    "skos": SKOS,
    "prov": PROV,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "dcat": DCAT,
    "void": VOID,
}

LANGUAGES = ("en", "zh-Hans", "zh-Hant")
