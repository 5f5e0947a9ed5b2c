/**
 * The registry of published sources that Kairos rules and protocol defaults cite.
 * One entry per source of `shared/reference/clinical-facts.md`. A citation key used anywhere in
 * core must exist here (a test fails otherwise).
 *
 * @module
 */

/** A published source: how a clinician reading the product would find it. */
export interface Citation {
  /** Short human-readable name, e.g. "Feder 2021". */
  readonly title: string;
  /** Full reference (journal, label, web page) as far as the fact sheet gives it. */
  readonly reference: string;
  /** The clinical-facts.md section(s) where the facts taken from it are listed. */
  readonly factSheetSection: string;
}

/** Every source Kairos cites, keyed by a stable kebab-case key. */
export const CITATIONS = {
  'feder-2014': {
    title: 'Feder 2014',
    reference: 'Feder A et al. JAMA Psychiatry 2014;71(6):681-688. doi:10.1001/jamapsychiatry.2014.62',
    factSheetSection: '7',
  },
  'feder-2021': {
    title: 'Feder 2021',
    reference: 'Feder A et al. Am J Psychiatry 2021. doi:10.1176/appi.ajp.2020.20050596',
    factSheetSection: '7',
  },
  'ketalar-label': {
    title: 'Ketalar (ketamine HCl) label',
    reference: 'Ketalar prescribing information (DailyMed / fda.report)',
    factSheetSection: '4, 5, 6',
  },
  'spravato-label': {
    title: 'Spravato (esketamine) label and REMS',
    reference: 'Spravato prescribing information, medication guide and REMS',
    factSheetSection: '5, 11',
  },
  'nc-ptsd-pcl5': {
    title: 'VA National Center for PTSD, "Using the PCL-5"',
    reference:
      'US Department of Veterans Affairs, National Center for PTSD: Using the PTSD Checklist for DSM-5 (PCL-5); also as quoted at greenspacehealth.com/en-ca/post-traumatic-stress-disorder-pcl-5',
    factSheetSection: '1',
  },
  'istss-pcl5': {
    title: 'ISTSS PCL-5 page',
    reference:
      'International Society for Traumatic Stress Studies: PTSD Checklist for DSM-5, istss.org/clinical-resources/adult-trauma-assessments/ptsd-checklist-for-dsm-5 (past-month and past-week forms)',
    factSheetSection: '1',
  },
  'comorbidity-guidelines-pcl5': {
    title: 'Comorbidity Guidelines PCL-5 page',
    reference: 'comorbidityguidelines.org.au, PTSD Checklist for DSM-5 (PCL-5)',
    factSheetSection: '1',
  },
  'awell-score-pcl5': {
    title: 'awell-score PCL-5 notes',
    reference: 'awell-health/awell-score, todo/pcl_5/README.md (quoting the National Center for PTSD)',
    factSheetSection: '1',
  },
  'cpt-handout-3-1': {
    title: 'CPT manual handout 3.1',
    reference: 'Cognitive Processing Therapy manual, handout 3.1 (studylib.es/doc/8826000): monthly PCL-5 before session 1, weekly after',
    factSheetSection: '1',
  },
  'pcl5-item-texts': {
    title: 'PCL-5 item texts',
    reference:
      'PCL-5 (public domain, US National Center for PTSD), texts assembled from SurgicalInformatics/phosp_clean wiki PCL-5, epavt.org guide p.17 and a scribd copy',
    factSheetSection: '1',
  },
  'forkus-2022': {
    title: 'Forkus 2022',
    reference: 'Forkus SR et al. Clin Psychol Sci Pract 2022. PMC10292741',
    factSheetSection: '1',
  },
  'marx-2022': {
    title: 'Marx 2022',
    reference: 'Marx BP et al. Psychol Assess 2022;34(2):197-203 (hsrd.research.va.gov abstract 157955)',
    factSheetSection: '1',
  },
  'blanchard-2023': {
    title: 'Blanchard 2023',
    reference: 'Blanchard BE et al. J Trauma Stress 2023. doi:10.1002/jts.22975',
    factSheetSection: '1',
  },
  'loinc-pcl5': {
    title: 'LOINC PCL-5 codes',
    reference: 'LOINC 101697-1 (panel) and 101698-9 (total), findacode.com/loinc/101697-1 and healthassure.in/codes/loinc-101698-9',
    factSheetSection: '1',
  },
  'kroenke-2001': {
    title: 'Kroenke 2001',
    reference: 'Kroenke K, Spitzer RL, Williams JB. J Gen Intern Med 2001;16:606-613 (via ementalhealth.ca)',
    factSheetSection: '2',
  },
  'calcipedia-phq9': {
    title: 'Calcipedia PHQ-9 page',
    reference: 'calcipedia.org PHQ-9 page (tertiary): item 9 > 0 should trigger immediate follow-up',
    factSheetSection: '2',
  },
  'hl7-us-core': {
    title: 'HL7 US Core',
    reference:
      'HL7 FHIR US Core implementation guide (STU7) and its examples (github HL7/US-Core input/examples): PHQ-9 LOINC codes, vital-sign category, pulse oximetry profile',
    factSheetSection: '2, 3',
  },
  'spitzer-2006': {
    title: 'Spitzer 2006',
    reference: 'Spitzer RL et al. Arch Intern Med 2006;166:1092-1097 (via mrcpsych.uk)',
    factSheetSection: '2',
  },
  'loinc-gad7': {
    title: 'LOINC GAD-7 codes',
    reference:
      'LOINC 69737-5 (panel) and 70274-6 (total): awacke1/LOINC-Panels-and-Forms dataset; NYS instruments document citing tx.fhir.org',
    factSheetSection: '2',
  },
  'cssrs-screener': {
    title: 'C-SSRS screener',
    reference:
      'Columbia-Suicide Severity Rating Scale screener, since-last-contact version (copy at docest.com/doc/610945); risk mapping per a scribd summary',
    factSheetSection: '2',
  },
  'loinc-cssrs': {
    title: 'LOINC C-SSRS full scale',
    reference: 'LOINC 93245-9 C-SSRS lifetime recent panel and answer list LL5434-7 (cdn.loinc.org/93245-9/panel; loinc.org/LL5434-7)',
    factSheetSection: '2',
  },
  'hl7-us-behavioral-health': {
    title: 'HL7 US Behavioral Health Profiles',
    reference:
      'HL7 US Behavioral Health Profiles implementation guide, C-SSRS screener example (LOINC 93246-7 to 93250-9, 93267-3, 93269-9, 93374-7; answer list LL5384-4, LA32-8 No, LA33-6 Yes)',
    factSheetSection: '11',
  },
  'bremner-1998': {
    title: 'Bremner 1998',
    reference: 'Bremner JD et al. J Trauma Stress 1998 (CADSS)',
    factSheetSection: '2',
  },
  'bremner-cadss-2014': {
    title: 'Bremner, CADSS instructions 2014',
    reference: 'Bremner JD, "The CADSS", Emory University, 4 Mar 2014 (scribd copy)',
    factSheetSection: '2',
  },
  'bremner-2024': {
    title: 'Bremner 2024',
    reference: 'Bremner JD et al. J Affect Disord 2024;364:249-258',
    factSheetSection: '2',
  },
  'rodrigues-2021': {
    title: 'Rodrigues 2021',
    reference: 'Rodrigues NB et al. 2021, CADSS-6 short form (research.regionh.dk)',
    factSheetSection: '2, 11',
  },
  'niciu-2018': {
    title: 'Niciu 2018',
    reference: 'Niciu MJ et al. J Affect Disord 2018;227:11-16',
    factSheetSection: '2',
  },
  nct04226963: {
    title: 'NCT04226963',
    reference: 'ClinicalTrials.gov NCT04226963 outcome descriptions (CADSS items 0 to 4; BPRS positive subscale)',
    factSheetSection: '11',
  },
  'moaas-bmc-anesthesiol-2022': {
    title: 'BMC Anesthesiology 2022 MOAA/S table',
    reference: 'BMC Anesthesiol 2022, doi:10.1186/s12871-022-01788-1 (MOAA/S table)',
    factSheetSection: '2',
  },
  'chernik-1990': {
    title: 'Chernik 1990',
    reference: 'Chernik DA et al. J Clin Psychopharmacol 1990 (MOAA/S), as tabled in Thorax',
    factSheetSection: '2',
  },
  'bprs-pmc8779246': {
    title: 'BPRS item rating',
    reference: 'PMC8779246 (BPRS items rated 1 to 7)',
    factSheetSection: '2',
  },
  'fhir-route-codes': {
    title: 'FHIR route-codes value set',
    reference:
      'HL7 FHIR ValueSet route-codes, SNOMED CT route of administration values (descendants of 284009009; hl7.org/fhir/R4/valueset-route-codes.html): 47625008 Intravenous route, 78421000 Intramuscular route, 37839007 Sublingual route. Read on the value set, beside the codes of section 4',
    factSheetSection: '4',
  },
  'fhir-vital-signs': {
    title: 'FHIR vital-sign value set',
    reference:
      'HL7 FHIR R5 ValueSet observation-vitalsignresult (hl7.org/fhir/valueset-observation-vitalsignresult.html) and ValueSet ucum-vitals-common (R4B)',
    factSheetSection: '3',
  },
  'dailymed-ketamine': {
    title: 'DailyMed ketamine HCl label',
    reference: 'DailyMed ketamine hydrochloride injection label (DEA Schedule CIII)',
    factSheetSection: '4',
  },
  'openfda-ndc': {
    title: 'openFDA NDC records',
    reference: 'api.fda.gov NDC records (ketamine 42023-113, 25021-684; Spravato 50458-028): DEA schedule, RxCUIs',
    factSheetSection: '4',
  },
  'ncats-gsrs': {
    title: 'NCATS drugs',
    reference: 'drugs.ncats.io (UNII ketamine 690G0D6V8H, ketamine HCl O18YUO0I83)',
    factSheetSection: '4',
  },
  'cas-msds': {
    title: 'CAS registry (cas-msds)',
    reference: 'cas-msds: CAS 6740-88-1 (HCl 1867-66-9), molecular weight 237.73 (HCl 274.19)',
    factSheetSection: '4, 8',
  },
  'atc-ketamine': {
    title: 'ATC codes',
    reference: 'ATC N01AX03 ketamine (infogalactic); N01AX14 esketamine (creative-connections/Pharmacolibrary)',
    factSheetSection: '4',
  },
  'snomed-ptsd': {
    title: 'SNOMED CT 47505003',
    reference:
      'SNOMED CT 47505003 Posttraumatic stress disorder, as used in FHIR code repositories (Swift-FHIR HealthcareService example test, a CQL library)',
    factSheetSection: '4',
  },
  'cismef-ptsd': {
    title: 'CISMeF PTSD codes',
    reference: 'cismef.org: ICD-11 6B40, UMLS C0038436',
    factSheetSection: '4',
  },
  'icd10-cm': {
    title: 'ICD-10-CM F43.1x',
    reference: 'ICD-10-CM F43.1, F43.10, F43.11, F43.12 (icd10data.com; icdlist.com; ptsdtest.net)',
    factSheetSection: '4',
  },
  'sanacora-2017': {
    title: 'Sanacora 2017',
    reference:
      'Sanacora G et al. A consensus statement on the use of ketamine in the treatment of mood disorders. JAMA Psychiatry 2017. doi:10.1001/jamapsychiatry.2017.0080',
    factSheetSection: '5',
  },
  'askp3-2020': {
    title: 'ASKP3 standards 2020',
    reference:
      'American Society of Ketamine Physicians, Psychotherapists and Practitioners: Standards of Practice in the Therapeutic Use of Subanesthetic Ketamine, revised 30 July 2020',
    factSheetSection: '5',
  },
  'asa-ketamine': {
    title: 'ASA ketamine safe use',
    reference: 'American Society of Anesthesiologists, ketamine safe use statement (asahq.org)',
    factSheetSection: '5',
  },
  'yale-chart-review-2024': {
    title: 'Yale chart review 2024',
    reference:
      'Chart review of IV ketamine hemodynamics, 138 patients / 2,342 infusions. Gen Hosp Psychiatry 2024. doi:10.1016/j.genhosppsych.2024.07.001',
    factSheetSection: '5',
  },
  'szarmach-2020': {
    title: 'Szarmach 2020',
    reference: 'Szarmach J et al. Neuropsychiatr Dis Treat 2020;16:2539',
    factSheetSection: '5',
  },
  'yip-2022': {
    title: 'Yip 2022',
    reference: 'Yip et al. 2022, PMC9556663 (transient hypertension during ketamine)',
    factSheetSection: '5',
  },
  'kim-2015': {
    title: 'Kim 2015 (modified Aldrete)',
    reference: 'Kim et al. World J Gastroenterol 2015, table 2 (modified Aldrete score)',
    factSheetSection: '5',
  },
  'aldrete-1995': {
    title: 'Aldrete 1995',
    reference: 'Aldrete JA, the post-anesthesia recovery score revisited, 1995 (and 1970), as quoted in StatPearls and reference summaries',
    factSheetSection: '5, 11',
  },
  'aldrete-cutoff-pages': {
    title: 'Aldrete discharge cutoffs (various)',
    reference:
      'Discharge cutoffs: thecalculator.co (>= 9), a hospital policy at info.5y1.org (> 8), omicsonline (>= 8 with 2 on respiration and SpO2)',
    factSheetSection: '5',
  },
  'clinic-practice-pages': {
    title: 'Ketamine clinic practice pages',
    reference:
      'amg-ketamine.com (fasting), newlifeketamine.com, ketwell.com, nervanamedical.com, Mindbloom FAQ: clinic practice, not guidelines',
    factSheetSection: '5, 6',
  },
  'andrashko-2020': {
    title: 'Andrashko 2020',
    reference: 'Andrashko V et al. Front Psychiatry 2020. doi:10.3389/fpsyt.2020.00844',
    factSheetSection: '6',
  },
  'feeney-2023': {
    title: 'Feeney 2023',
    reference: 'Feeney A et al. J Clin Psychiatry 2023;84(1):22m14491',
    factSheetSection: '6',
  },
  'anand-2000': {
    title: 'Anand 2000',
    reference: 'Anand A et al. Arch Gen Psychiatry 2000;57:270',
    factSheetSection: '6',
  },
  'andrade-2017': {
    title: 'Andrade 2017',
    reference: 'Andrade C. J Clin Psychiatry 2017 (17f11802): ketamine drug interactions',
    factSheetSection: '6, 8',
  },
  'psychedelic-medicine-review': {
    title: 'Psychedelic Medicine Association review',
    reference: 'Systematic review summary of ketamine interactions at psychedelicmedicineassociation.org',
    factSheetSection: '6',
  },
  'williams-2018': {
    title: 'Williams 2018',
    reference: 'Williams NR et al. Am J Psychiatry 2018. doi:10.1176/appi.ajp.2018.18020138',
    factSheetSection: '6',
  },
  'abdallah-2022': {
    title: 'Abdallah 2022',
    reference: 'Abdallah CG et al. Neuropsychopharmacology 2022;47(8):1574-1581. doi:10.1038/s41386-022-01266-9 (NCT02655692)',
    factSheetSection: '7',
  },
  'du-2022': {
    title: 'Du 2022',
    reference: 'Du R et al. Front Psychiatry 2022. doi:10.3389/fpsyt.2022.813103',
    factSheetSection: '7',
  },
  'albuquerque-2022': {
    title: 'Albuquerque 2022',
    reference: 'Albuquerque TR et al. J Cereb Blood Flow Metab 2022',
    factSheetSection: '7',
  },
  'almeida-2024': {
    title: 'Almeida 2024',
    reference: 'Almeida TM et al. Clin Neuropsychiatry 2024;21(1):22-31. PMC10979792',
    factSheetSection: '7',
  },
  'aita-2024': {
    title: 'Aita 2024',
    reference: 'Aita SL, Borgogna NC, Hill BD et al. Eur J Psychotraumatol 2024;15:2299124',
    factSheetSection: '7',
  },
  'retreat-phase2-trial': {
    title: 'Retreat phase II trial',
    reference:
      'Phase II trial (n=162): ketamine 0.2 or 0.5 mg/kg vs midazolam, infusions days 2 and 4, trauma-focused therapy days 3 to 6 (moreblossom.com trial page)',
    factSheetSection: '7',
  },
  'kamp-2020': {
    title: 'Kamp 2020',
    reference: 'Kamp J et al. Anesthesiology 2020;133(6):1192 (ketamine pharmacokinetics meta-analysis)',
    factSheetSection: '8',
  },
  'goodman-gilman-1996': {
    title: 'Goodman & Gilman 1996',
    reference: 'Goodman & Gilman, 1996 edition, ketamine pharmacokinetics (secondary, nurse-anesthesia.org forum quote)',
    factSheetSection: '8',
  },
  opentiva: {
    title: 'opentiva',
    reference:
      'opentiva/opentiva, opentiva/ketamine.py: compartment parameters (Domino PMID 7198883, Clements PMID 7459184, Hijazi 2003 PMID 12538370)',
    factSheetSection: '8',
  },
  'domino-1982': {
    title: 'Domino ketamine model',
    reference: 'Domino EF et al., 3-compartment ketamine model (PMID 7198883), as coded in opentiva',
    factSheetSection: '8',
  },
  'clements-1981': {
    title: 'Clements ketamine model',
    reference: 'Clements JA, Nimmo WS, 2-compartment ketamine model (PMID 7459184), as coded in opentiva',
    factSheetSection: '8',
  },
  'hijazi-2003': {
    title: 'Hijazi 2003',
    reference: 'Hijazi Y et al. 2003, 2-compartment ketamine model (PMID 12538370), as coded in opentiva',
    factSheetSection: '8',
  },
  'zarate-2006': {
    title: 'Zarate 2006',
    reference: 'Zarate CA et al. 2006 (185 ng/mL after 0.5 mg/kg over 40 min), as tabled in Zanos 2018',
    factSheetSection: '8',
  },
  'krystal-1994': {
    title: 'Krystal 1994',
    reference: 'Krystal JH et al. 1994 (100 to 250 ng/mL, dissociation), as tabled in Zanos 2018',
    factSheetSection: '8',
  },
  'zanos-2018': {
    title: 'Zanos 2018',
    reference: 'Zanos P et al. Pharmacol Rev 2018, table 1. PMC6020109',
    factSheetSection: '8',
  },
  'bowdle-1998': {
    title: 'Bowdle 1998',
    reference: 'Bowdle TA et al. Anesthesiology 1998 (psychedelic effects vs steady-state levels)',
    factSheetSection: '8',
  },
  'cfr-21-1304': {
    title: '21 CFR 1304',
    reference:
      '21 CFR 1304 (records and reports of registrants), incl. 1304.04(a), 1304.11, 1304.22(c) as mirrored by state rules (Maryland COMAR 10.19.03.05; S.C. Reg. 61-4.800.804)',
    factSheetSection: '9',
  },
  'dea-practitioners-manual-2006': {
    title: "DEA Practitioner's Manual 2006",
    reference: "DEA Practitioner's Manual 2006, section IV (web archive of deadiversion.usdoj.gov)",
    factSheetSection: '9',
  },
  'dea-form-41': {
    title: 'DEA Form 41',
    reference: 'Form DEA-41, registrant record of controlled substances destroyed (omb.report)',
    factSheetSection: '9',
  },
  'hipaa-45-cfr-164-312': {
    title: '45 CFR 164.312',
    reference: 'HIPAA Security Rule technical safeguards, 45 CFR 164.312 (govinfo CFR-2019; interhack.com)',
    factSheetSection: '9',
  },
  'ehr-vendor-pages': {
    title: 'Interventional-psychiatry EHR pages',
    reference: 'Osmind (support.care.osmind.org, osmind.org), BrainCloud (braincloud.io), ehrsource.com, curogram.com: what EHRs advertise',
    factSheetSection: '10',
  },
  'pharmgkb-rxnorm': {
    title: 'PharmGKB RxNorm cross-references',
    reference: 'PharmGKB drug cross-references (RxNorm ingredient RxCUIs); CPIC drug table agrees where it lists them',
    factSheetSection: '11',
  },
  'ndclist-rxnorm': {
    title: 'ndclist RxNorm data',
    reference: 'RxNorm data via ndclist.com (esketamine products 2201623, 2201625)',
    factSheetSection: '11',
  },
  'ashton-manual': {
    title: 'Ashton Manual',
    reference:
      'Ashton CH, Benzodiazepines: how they work and how to withdraw (the Ashton Manual), equivalence table as tabled in the 2025 ASAM-led Joint Clinical Practice Guideline on Benzodiazepine Tapering; NHS Scotland agrees',
    factSheetSection: '6, 11',
  },
  'asam-benzodiazepine-tapering-2025': {
    title: 'Joint guideline on benzodiazepine tapering 2025',
    reference: 'ASAM-led Joint Clinical Practice Guideline on Benzodiazepine Tapering 2025. doi:10.1007/s11606-025-09499-2',
    factSheetSection: '11',
  },
  'va-dod-2021': {
    title: 'VA/DoD 2021',
    reference: 'VA/DoD 2021 benzodiazepine equivalence table (as tabled in the 2025 tapering guideline)',
    factSheetSection: '11',
  },
  'fda-dsc-2011-mao-inhibitors': {
    title: 'FDA drug safety communications 2011 (linezolid, methylene blue)',
    reference:
      'US FDA Drug Safety Communications, 2011: serious CNS reactions (serotonin syndrome) when linezolid or methylene blue, both MAO inhibitors, is given to patients taking serotonergic psychiatric medications',
    factSheetSection: '6',
  },
  'who-2009': {
    title: 'WHO 2009',
    reference: 'WHO 2009 guidelines, table 8 (benzodiazepine equivalence)',
    factSheetSection: '11',
  },
} as const satisfies Record<string, Citation>;

/** A key of the citations registry. */
export type CitationKey = keyof typeof CITATIONS;

/** True when `key` names a source in the registry. */
export function isCitationKey(key: string): key is CitationKey {
  return Object.prototype.hasOwnProperty.call(CITATIONS, key);
}
