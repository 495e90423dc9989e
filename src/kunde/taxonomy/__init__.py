"""Skills languages: ESCO, ISCO-08, O*NET and CompetentNL concepts, search and crosswalks."""
