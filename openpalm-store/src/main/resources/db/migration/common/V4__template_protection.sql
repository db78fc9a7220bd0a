-- Protected templates (issue #8): the AES-GCM plaintext of a palm template is its protected form
-- (a keyed, revocable transform of the palm code, org.openpalm.biometrics.ProtectedTemplate);
-- protection_key_id names the transform key so it can rotate without re-enrolment.
-- NULL marks a row written before protection existed: it holds a plain template until
-- TemplateProtectionRotation re-protects it.
ALTER TABLE palm_templates ADD COLUMN protection_key_id VARCHAR(64);
